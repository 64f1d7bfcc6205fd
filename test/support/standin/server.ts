import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Docker from 'dockerode';
import { ApiKeyGate, type ApiKeyOption } from './auth.js';
import { type Handler, handleRequest, type RecordedRequest } from './http.js';
import { JobQueue } from './jobs/index.js';
import { StandInState } from './store.js';

export interface StandInOptions {
  /** The engine deploys run on: `unix:///…/docker.sock` or `tcp://127.0.0.1:<port>`. */
  dockerHost: string;
  apiKeys: ApiKeyOption[];
  /** Replaces Dokploy's /etc/dokploy: compose folders and deployment logs go here. */
  workDir: string;
  /** Served by settings.getDokployVersion and selects version-dependent shapes. */
  version?: string;
  /** DOCKER_CONFIG for the CLIs (registry logins), as Dokploy uses /root/.docker. */
  dockerConfigDir?: string;
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  composeBinary?: string;
  dockerBinary?: string;
}

export interface StandIn {
  /** Server root, e.g. `http://127.0.0.1:41234`; procedures live under `${url}/api`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  state: StandInState;
  /** Resolves once every deploy queued so far has finished. */
  idle(): Promise<void>;
  /** Waits for running deploys, then stops listening. */
  close(): Promise<void>;
}

export const DEFAULT_VERSION = 'v0.30.2';

/** Dockerode for a `unix://` or loopback `tcp://` DOCKER_HOST; anything else is refused. */
export function dockerFor(dockerHost: string): Docker {
  if (dockerHost.startsWith('unix://')) return new Docker({ socketPath: dockerHost.slice(7) });
  const tcp = /^tcp:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(dockerHost);
  if (tcp) return new Docker({ host: tcp[1], port: Number(tcp[2]) });
  throw new Error(`dockerHost must be unix:// or a loopback tcp:// address, got ${dockerHost}`);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts a Dokploy stand-in on 127.0.0.1 that deploys on the given engine. */
export async function createStandIn(options: StandInOptions): Promise<StandIn> {
  const state = new StandInState();
  const docker = dockerFor(options.dockerHost);
  const jobs = new JobQueue({
    state,
    docker,
    dockerHost: options.dockerHost,
    workDir: options.workDir,
    dockerConfigDir: options.dockerConfigDir,
    composeBinary: options.composeBinary ?? '/usr/bin/docker-compose',
    dockerBinary: options.dockerBinary ?? '/usr/bin/docker',
  });
  const handler: Handler = {
    gate: new ApiKeyGate(options.apiKeys),
    ctx: { state, version: options.version ?? DEFAULT_VERSION, jobs, docker },
    requests: [],
  };
  const server = createServer((req, res) => {
    handleRequest(handler, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : 'stand-in failure');
    });
  });
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: handler.requests,
    state,
    idle: () => jobs.idle(),
    close: async function closeStandIn() {
      await jobs.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
