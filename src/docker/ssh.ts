import Docker from 'dockerode';
import type { EngineAddress } from './connect.js';

export interface SshEngineOptions {
  host: string;
  port: number;
  username: string;
  /** PEM or OpenSSH private key text; never logged. */
  privateKey: string;
  /** How long the SSH handshake may take, in ms. */
  readyTimeoutMs?: number;
}

/**
 * The Engine API of a remote server over SSH, as Dokploy reaches its servers: each request opens
 * an SSH session that runs `docker system dial-stdio` on the far side, so the remote user needs
 * the docker CLI and access to its engine, and nothing listens on a TCP port there.
 */
export function connectSshEngine(options: SshEngineOptions): EngineAddress {
  const docker = new Docker({
    protocol: 'ssh',
    host: options.host,
    port: options.port,
    username: options.username,
    sshOptions: { privateKey: options.privateKey, readyTimeout: options.readyTimeoutMs ?? 10_000 },
  });
  return { docker, description: `ssh://${options.username}@${options.host}:${options.port}` };
}
