import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type Config, type ConfigInput, configSchema } from './schema.js';
import { closestName } from './suggest.js';

/** Bad flags, environment or config file: the CLI prints the message and exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where each option's name comes from, so a message names the input the user actually typed. */
const optionNames: Record<string, string> = {
  dokployUrl: '--dokploy-url / DOKPLOY_URL',
  dokployApiKey: 'DOKPLOY_API_KEY / DOKPLOY_API_KEY_FILE',
  projects: '--project',
  composeIds: '--compose-id',
  images: '--image',
  dockerHost: '--docker-host / DOCKER_HOST',
  dockerConfig: '--docker-config / DOCKER_CONFIG',
  deployTimeoutSeconds: '--deploy-timeout',
  pollSeconds: '--poll-interval',
  logLevel: '--log-level / LOG_LEVEL',
  environments: '--environment',
  services: '--service',
  excludeServices: '--exclude-service',
  all: '--all',
  insecureRegistries: '--insecure-registry',
  minAgeSeconds: '--min-age',
  settleSeconds: '--settle-time',
  verifyTimeoutSeconds: '--verify-timeout',
  stateDir: '--state-dir',
  stateDriver: '--state-driver',
  lockWaitSeconds: '--lock-wait',
};

export interface ConfigSources {
  flags: Partial<ConfigInput>;
  env: NodeJS.ProcessEnv;
  configFile?: string;
}

/** Defaults < config file < environment < flags. */
export function loadConfig(sources: ConfigSources): Config {
  return loadConfigWith(configSchema, sources);
}

/**
 * The same sources and messages checked by another schema built from the run's fields, for
 * commands such as `doctor` that need no selection and treat a missing URL as a finding.
 */
export function loadConfigWith<S extends z.ZodType>(
  schema: S,
  sources: ConfigSources,
): z.output<S> {
  const fromFile = sources.configFile ? readConfigFile(sources.configFile) : {};
  const overrides = { ...fromEnvironment(sources.env), ...definedOnly(sources.flags) };
  const merged = { ...fromFile, ...overrides };

  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  // Keys the file set and nothing overrode: the message names them as the file spells them.
  const fileKeys = new Set(Object.keys(fromFile).filter((key) => !(key in overrides)));
  throw new ConfigError(describeIssues(result.error, sources.configFile, fileKeys));
}

function fromEnvironment(env: NodeJS.ProcessEnv): Partial<ConfigInput> {
  return definedOnly({
    dokployUrl: env.DOKPLOY_URL || undefined,
    dokployApiKey: env.DOKPLOY_API_KEY || readSecretFile(env.DOKPLOY_API_KEY_FILE),
    dockerHost: env.DOCKER_HOST || undefined,
    dockerConfig: env.DOCKER_CONFIG || undefined,
    logLevel: (env.LOG_LEVEL || undefined) as ConfigInput['logLevel'],
  });
}

// Mounted secrets (Docker/Kubernetes) end with a newline that is not part of the key.
function readSecretFile(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(
      `DOKPLOY_API_KEY_FILE points to ${path}, which cannot be read ` +
        `(${(error as NodeJS.ErrnoException).code ?? 'error'}): fix the path or mount the secret`,
      { cause: error },
    );
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`config file ${path} cannot be read (${code})`, { cause: error });
  }

  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `config file ${path} is not valid YAML or JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path} must hold a mapping of option names to values`);
  }
  return parsed as Record<string, unknown>;
}

function describeIssues(
  error: z.ZodError,
  configFile: string | undefined,
  fileKeys: Set<string>,
): string {
  const lines = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return describeUnknown(issue, configFile);
    const key = String(issue.path[0] ?? '');
    const flag = optionNames[key];
    if (!fileKeys.has(key)) return `${flag ?? key}: ${issue.message}`;
    const fileKey = issue.path.map(String).join('.');
    return `${fileKey}${flag ? ` (${flag})` : ''} in ${configFile}: ${issue.message}`;
  });
  return `invalid configuration:\n  ${lines.join('\n  ')}`;
}

function describeUnknown(issue: z.core.$ZodIssueUnrecognizedKeys, configFile?: string): string {
  const where = configFile ? `config file ${configFile}` : 'configuration';
  const parent = issue.path.map(String).join('.');
  // Suggestions for top-level keys only: nested mappings (skip, servers) have few keys.
  const known = issue.path.length === 0 ? Object.keys(configSchema.shape) : [];
  const keys = issue.keys.map((key) => {
    const guess = closestName(key, known);
    const name = parent ? `${parent}.${key}` : key;
    return guess ? `${name} (did you mean ${guess}?)` : name;
  });
  return (
    `${where}: unknown option(s) ${keys.join(', ')}; ` +
    'the option names are listed in docs/configuration.md'
  );
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
