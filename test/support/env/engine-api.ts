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
 * Removes containers, swarm membership and networks before the daemon stops. Without this the
 * daemon waits out each container's stop timeout, and the Linux bridges of user-defined networks
 * stay behind in the host's network namespace after the daemon is gone.
 */
export async function emptyEngine(socketPath: string): Promise<void> {
  await engineRequest(socketPath, 'POST', '/swarm/leave?force=true').catch(() => undefined);
  const list = await engineRequest(socketPath, 'GET', '/containers/json?all=true');
  const containers = JSON.parse(list.body) as Array<{ Id: string }>;
  await Promise.all(
    containers.map((c) =>
      engineRequest(socketPath, 'DELETE', `/containers/${c.Id}?force=true&v=true`),
    ),
  );
  await engineRequest(socketPath, 'POST', '/networks/prune');
}
