import { parseEnvLines } from './env.js';
import { DokployEnvReferenceError } from './errors.js';
import type { ComposeVariables } from './interpolate.js';

export interface DokployEnvSources {
  /** The project's env text (`environment.project.env` in `compose.one`). */
  project?: string | null;
  /** The environment's env text (`environment.env` in `compose.one`). */
  environment?: string | null;
}

// Facts from Dokploy v0.30.2 (unchanged on its main branch in 2026): `prepareEnvironmentVariables`
// in packages/server/src/utils/docker/utils.ts and `getCreateEnvFileCommand` in
// packages/server/src/utils/builders/compose.ts.
// Dokploy resolves references in three passes over each value, in this order, and a value brought
// in by one pass is still seen by the passes after it. Within a pass the reference text may hold
// anything up to the first `}}` on the same line.
const PROJECT_REFERENCE = /\$\{\{project\.(.*?)\}\}/g;
const ENVIRONMENT_REFERENCE = /\$\{\{environment\.(.*?)\}\}/g;
const SERVICE_REFERENCE = /\$\{\{(.*?)\}\}/g;

/**
 * Resolves Dokploy's `${{project.NAME}}`, `${{environment.NAME}}` and `${{NAME}}` (another
 * variable of the same service, taken as written) references in a service's variables.
 * Dokploy refuses to deploy a service with a reference it cannot resolve, so such a reference
 * throws `DokployEnvReferenceError` here too instead of being passed on.
 */
export function resolveDokployReferences(
  vars: Readonly<Record<string, string>>,
  sources: DokployEnvSources,
): Record<string, string> {
  const project = parseEnvLines(sources.project);
  const environment = parseEnvLines(sources.environment);
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) {
    const fromProject = replaceAll(value, PROJECT_REFERENCE, project, 'project.', key);
    const fromEnvironment = replaceAll(
      fromProject,
      ENVIRONMENT_REFERENCE,
      environment,
      'environment.',
      key,
    );
    resolved[key] = replaceAll(fromEnvironment, SERVICE_REFERENCE, vars, '', key);
  }
  return resolved;
}

function replaceAll(
  value: string,
  pattern: RegExp,
  source: Readonly<Record<string, string>>,
  scope: string,
  variable: string,
): string {
  return value.replace(pattern, (_match, name: string) => {
    const found = Object.hasOwn(source, name) ? source[name] : undefined;
    if (found === undefined) throw new DokployEnvReferenceError(variable, `${scope}${name}`);
    return found;
  });
}

export interface DokployComposeEnv {
  /** The compose service's env text (`env` in `compose.one`). */
  env?: string | null;
  projectEnv?: string | null;
  environmentEnv?: string | null;
  appName: string;
  /** Defaults to `docker-compose`. */
  composeType?: 'docker-compose' | 'stack';
  /** `createEnvFile` in `compose.one`; Dokploy's default is on. */
  createEnvFile?: boolean;
  /** `suffix` in `compose.one`, passed only when its `randomize` is on. */
  randomizeSuffix?: string | null;
}

/**
 * The variables compose interpolates a Dokploy compose file with.
 *
 * For `docker-compose`, Dokploy writes a `.env` beside the compose file that starts with
 * `APP_NAME` and `COMPOSE_PROJECT_NAME` (both the appName), then the service's env (so a line there
 * overrides them), then `DOCKER_CONFIG=/root/.docker` unless that name appears anywhere in the
 * text, then `COMPOSE_PREFIX` when randomize is on; references are resolved over all of it.
 * Without the env file compose sees none of these.
 *
 * For `stack`, `docker stack deploy` never reads `.env`: Dokploy passes the service's own env as
 * process variables instead, without the added names and leaving out empty values.
 *
 * In both cases compose runs under `env -i` with only PATH and HOME of the Dokploy host's shell,
 * whose values are not known here and are not included.
 */
export function composeVariables(input: DokployComposeEnv): ComposeVariables {
  const sources = { project: input.projectEnv, environment: input.environmentEnv };
  if (input.composeType === 'stack') {
    const resolved = resolveDokployReferences(parseEnvLines(input.env), sources);
    return Object.fromEntries(Object.entries(resolved).filter(([, value]) => value !== ''));
  }
  if (input.createEnvFile === false) return {};

  let text = `APP_NAME=${input.appName}\nCOMPOSE_PROJECT_NAME=${input.appName}\n${input.env ?? ''}`;
  if (!text.includes('DOCKER_CONFIG')) text += '\nDOCKER_CONFIG=/root/.docker';
  if (input.randomizeSuffix != null) text += `\nCOMPOSE_PREFIX=${input.randomizeSuffix}`;
  return resolveDokployReferences(parseEnvLines(text), sources);
}
