import { request } from 'node:http';

export interface EngineResponse {
  status: number;
  body: string;
}

/**
 * One HTTP call to a Docker Engine over its unix socket. The environment uses it for readiness and
 * clean-up only, so it stays independent of the product's own engine client under src/docker.
 */
export function engineRequest(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<EngineResponse> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const req = request({ socketPath, method, path, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`engine ${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export async function pingEngine(socketPath: string): Promise<boolean> {
  const res = await engineRequest(socketPath, 'GET', '/_ping', undefined, 2_000);
  return res.status === 200 && res.body === 'OK';
}

/**
 * Removes services, containers and networks before the daemon stops, so it does not wait out each
 * container's stop timeout. Returns the Linux bridges the engine still has (swarm keeps
 * docker_gwbridge while it is active): they live in the host's namespace and outlast the daemon.
 * Swarm membership is not left on purpose; a forced leave waits about 5 s for nothing, and the
 * swarm state is deleted with the data root anyway.
 */
export async function emptyEngine(socketPath: string): Promise<string[]> {
  const services = await engineRequest(socketPath, 'GET', '/services');
  if (services.status === 200) {
    const ids = (JSON.parse(services.body) as Array<{ ID: string }>).map((s) => s.ID);
    await Promise.all(ids.map((id) => engineRequest(socketPath, 'DELETE', `/services/${id}`)));
  }
  const list = await engineRequest(socketPath, 'GET', '/containers/json?all=true');
  const containers = JSON.parse(list.body) as Array<{ Id: string }>;
  await Promise.all(
    containers.map((c) =>
      engineRequest(socketPath, 'DELETE', `/containers/${c.Id}?force=true&v=true`),
    ),
  );
  await engineRequest(socketPath, 'POST', '/networks/prune');
  const networks = await engineRequest(socketPath, 'GET', '/networks');
  return bridgeInterfaces(JSON.parse(networks.body) as NetworkSummary[]);
}

interface NetworkSummary {
  Id: string;
  Name: string;
  Driver: string;
  Options?: Record<string, string>;
}

/** Linux interface names of user-defined bridge networks: custom name, else `br-<short id>`. */
function bridgeInterfaces(networks: NetworkSummary[]): string[] {
  return networks
    .filter((n) => n.Driver === 'bridge' && n.Name !== 'bridge')
    .map((n) => n.Options?.['com.docker.network.bridge.name'] ?? `br-${n.Id.slice(0, 12)}`);
}
