import { createHash } from 'node:crypto';
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
  /** `SHA256:…` as `ssh-keygen -lf` prints it; the connection is refused on any other key. */
  hostKeySha256?: string;
}

/**
 * The Engine API of a remote server over SSH, as Dokploy reaches its servers: each request opens
 * an SSH session that runs `docker system dial-stdio` on the far side, so the remote user needs
 * the docker CLI and access to its engine, and nothing listens on a TCP port there.
 */
export function connectSshEngine(options: SshEngineOptions): EngineAddress {
  const expected = options.hostKeySha256;
  const docker = new Docker({
    protocol: 'ssh',
    host: options.host,
    port: options.port,
    username: options.username,
    sshOptions: {
      privateKey: options.privateKey,
      readyTimeout: options.readyTimeoutMs ?? 10_000,
      ...(expected ? { hostVerifier: (key: Buffer) => hostKeyFingerprint(key) === expected } : {}),
    },
  });
  return { docker, description: `ssh://${options.username}@${options.host}:${options.port}` };
}

/** OpenSSH's SHA256 fingerprint of a raw host key blob: unpadded base64 of its SHA-256. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
