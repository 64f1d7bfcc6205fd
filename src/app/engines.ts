import { readFile } from 'node:fs/promises';
import { connectSshEngine } from '../docker/index.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';

/** A remote server's engine cannot be used: its services are `error`, the run goes on. */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
}

export type EngineContexts = (serverId: string | null) => Promise<RunContext>;

/**
 * The run context for the engine a service lives on: the Dokploy host's for `serverId` null,
 * otherwise that server's engine over SSH, connected and pinged once per run. The result is the
 * same context with `docker` and `engine` swapped, so every kind's observe and apply code works
 * unchanged on remote servers.
 */
export function createEngineContexts(ctx: RunContext): EngineContexts {
  const byServer = new Map<string, Promise<RunContext>>();
  return (serverId) => {
    if (serverId === null) return Promise.resolve(ctx);
    let pending = byServer.get(serverId);
    if (!pending) {
      pending = connectServer(ctx, serverId);
      byServer.set(serverId, pending);
    }
    return pending;
  };
}

async function connectServer(ctx: RunContext, serverId: string): Promise<RunContext> {
  const server = (await ctx.dokploy.servers()).find((s) => s.serverId === serverId);
  if (!server) {
    throw new ServerUnreachableError(`Dokploy's server.all does not list server ${serverId}`);
  }
  const access = ctx.config.servers[server.name] ?? {};
  const keyFile = access.privateKeyFile ?? ctx.config.sshPrivateKeyFile;
  if (!keyFile) {
    throw new ServerUnreachableError(
      `no SSH key for server "${server.name}": set servers."${server.name}".privateKeyFile or ` +
        'sshPrivateKeyFile in the configuration (Dokploy does not hand out its keys)',
    );
  }

  let privateKey: string;
  try {
    privateKey = await readFile(keyFile, 'utf8');
  } catch (error) {
    throw new ServerUnreachableError(
      `SSH key ${keyFile} for server "${server.name}" cannot be read: ${describeError(error)}`,
      { cause: error },
    );
  }
  const { docker, description } = connectSshEngine({
    host: access.host ?? server.ipAddress,
    port: access.port ?? server.port ?? 22,
    username: access.username ?? server.username,
    privateKey,
    ...(access.hostKeySha256 ? { hostKeySha256: access.hostKeySha256 } : {}),
  });
  if (!access.hostKeySha256) {
    ctx.logger.warn(
      { server: server.name },
      `host key of server "${server.name}" not checked: ` +
        `set servers."${server.name}".hostKeySha256 (ssh-keygen -lf on its host key)`,
    );
  }
  try {
    await docker.ping();
  } catch (error) {
    // ssh2 says only "verification failed" when our hostVerifier refuses the key.
    const pinned = access.hostKeySha256 && /verif/i.test(describeError(error));
    const reason = pinned
      ? `server "${server.name}" (${description}) offered a host key that does not match ` +
        `servers."${server.name}".hostKeySha256: refused`
      : `the engine of server "${server.name}" (${description}) cannot be reached`;
    ctx.logger.error({ server: server.name, err: describeError(error) }, 'server unreachable');
    throw new ServerUnreachableError(`${reason}: ${describeError(error)}`, { cause: error });
  }
  ctx.logger.info({ server: server.name, engine: description }, 'remote engine connected');
  return { ...ctx, docker, engine: description };
}
