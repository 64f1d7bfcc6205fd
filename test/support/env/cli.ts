import type { EngineFacts } from './engine.js';
import { type RunOptions, run } from './exec.js';

/**
 * The docker CLI the environment drives: Debian's 20.10 client from the docker.io package.
 * It matches the 20.10 engine we run, and it is the one apt installs on a fresh CI machine; a
 * newer client elsewhere on PATH (such as /usr/local/bin/docker) is deliberately not used.
 */
export const DOCKER_CLI = '/usr/bin/docker';

export interface DockerCliOptions extends RunOptions {
  /** A folder holding `config.json` with registry credentials (the CLI's `--config`). */
  configDir?: string;
}

export function docker(
  engine: Pick<EngineFacts, 'host'>,
  args: string[],
  options: DockerCliOptions = {},
): Promise<string> {
  const configArgs = options.configDir ? ['--config', options.configDir] : [];
  return run(DOCKER_CLI, [...configArgs, ...args], {
    ...options,
    env: { DOCKER_HOST: engine.host, ...options.env },
  });
}

/** Runs Debian's docker-compose v1 against the engine; `cwd`-free, the file is passed by path. */
export function compose(
  engine: Pick<EngineFacts, 'host'>,
  project: string,
  file: string,
  args: string[],
  options: DockerCliOptions = {},
): Promise<string> {
  const env: Record<string, string> = { DOCKER_HOST: engine.host, ...options.env };
  if (options.configDir) env.DOCKER_CONFIG = options.configDir;
  return run('/usr/bin/docker-compose', ['-p', project, '-f', file, ...args], { ...options, env });
}
