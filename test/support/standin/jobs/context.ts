import Docker from 'dockerode';
import type { StandInState } from '../store.js';

/** What a deploy job needs from the stand-in. */
export interface JobContext {
  state: StandInState;
  docker: Docker;
  /** `unix:///…/docker.sock` or `tcp://127.0.0.1:…`, handed to every CLI as DOCKER_HOST. */
  dockerHost: string;
  workDir: string;
  /** DOCKER_CONFIG for the CLIs: where registry logins live, like Dokploy's /root/.docker. */
  dockerConfigDir?: string;
  /** Compose v1 binary; Dokploy runs `docker compose` (v2), see README. */
  composeBinary: string;
  dockerBinary: string;
}

/**
 * The environment Dokploy gives its CLIs: it runs them under `env -i PATH=… HOME=…`, so nothing
 * else from the server's environment leaks in. The stand-in adds only what points at the engine.
 */
export function cliEnv(ctx: JobContext, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    DOCKER_HOST: ctx.dockerHost,
    ...extra,
  };
  if (ctx.dockerConfigDir) env.DOCKER_CONFIG = ctx.dockerConfigDir;
  return env;
}

/**
 * The job context for a service's server: the Dokploy host's for none, otherwise the engine
 * recorded for that server. An unknown server fails the deployment, as an unreachable one would.
 */
export function contextForServer(ctx: JobContext, serverId: string | null): JobContext {
  if (!serverId) return ctx;
  const dockerHost = ctx.state.serverEngines.get(serverId);
  if (!dockerHost?.startsWith('unix://')) {
    throw new Error(`Server ${serverId} is not reachable from the stand-in`);
  }
  return { ...ctx, dockerHost, docker: new Docker({ socketPath: dockerHost.slice(7) }) };
}
