/** Parses `KEY=VALUE` lines (blank lines and `#` comments skipped, outer quotes removed). */
export function parseEnvLines(text: string | null | undefined): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const raw of (text ?? '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const value = line.slice(eq + 1).trim();
    const unquoted = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
    pairs.push([line.slice(0, eq).trim(), unquoted]);
  }
  return pairs;
}

/**
 * Resolves Dokploy's shared-variable syntax: `${{project.NAME}}` from the project's env and
 * `${{environment.NAME}}` from the environment's. Dokploy refuses to deploy when a reference
 * has no value, so this throws rather than leaving the text in place.
 */
export function resolveSharedVariables(
  value: string,
  scopes: { project: string | null; environment: string | null },
): string {
  const project = new Map(parseEnvLines(scopes.project));
  const environment = new Map(parseEnvLines(scopes.environment));
  return value.replace(/\$\{\{(project|environment)\.([A-Za-z0-9_]+)\}\}/g, (_all, scope, name) => {
    const found = (scope === 'project' ? project : environment).get(name);
    if (found === undefined)
      throw new Error(`Invalid ${scope} environment variable: ${scope}.${name}`);
    return found;
  });
}

const quote = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The `.env` Dokploy writes beside a compose file (recorded README): APP_NAME and
 * COMPOSE_PROJECT_NAME first, then the service's own lines resolved, then DOCKER_CONFIG.
 */
export function composeEnvFile(input: {
  appName: string;
  env: string | null;
  projectEnv: string | null;
  environmentEnv: string | null;
  dockerConfig: string;
}): { text: string; variables: Record<string, string> } {
  const scopes = { project: input.projectEnv, environment: input.environmentEnv };
  const variables: Record<string, string> = {
    APP_NAME: input.appName,
    COMPOSE_PROJECT_NAME: input.appName,
  };
  for (const [key, value] of parseEnvLines(input.env)) {
    variables[key] = resolveSharedVariables(value, scopes);
  }
  variables.DOCKER_CONFIG = input.dockerConfig;
  const text = Object.entries(variables)
    .map(([key, value]) => `${key}=${quote(value)}`)
    .join('\n');
  return { text: `${text}\n`, variables };
}
