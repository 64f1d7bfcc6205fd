import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run } from './exec.js';

/** A real OpenSSH server on 127.0.0.1 whose sessions reach one private engine. */
export interface SshHost {
  port: number;
  user: string;
  /** The client's private key, generated for this host alone. */
  keyFile: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (`SHA256:…`). */
  hostKeySha256: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's sshd on a free loopback port, with a host key and a client key generated here,
 * as a "remote server" for the Engine API over SSH. Every session gets `DOCKER_HOST` pointing at
 * the given engine (sshd's `SetEnv`), so `docker system dial-stdio` on the far side reaches that
 * engine and not the machine's default one.
 */
export async function startSshHost(options: { dockerHost: string }): Promise<SshHost> {
  const dir = mkdtempSync(join(tmpdir(), 'sshd-'));
  const keyFile = join(dir, 'client_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  const listed = await run('ssh-keygen', ['-l', '-f', join(dir, 'host_key.pub')]);
  const hostKeySha256 = listed.split(' ')[1] ?? '';
  await run('cp', [`${keyFile}.pub`, join(dir, 'authorized_keys')]);
  const port = await freePort();
  const user = process.env.USER || 'root';
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      // The key files live under /tmp, whose sticky, world-writable mode StrictModes refuses.
      'StrictModes no',
      'UsePAM no',
      `AllowUsers ${user}`,
      `SetEnv DOCKER_HOST=${options.dockerHost}`,
      '',
    ].join('\n'),
  );
  // sshd refuses to start without its privilege separation folder.
  mkdirSync('/run/sshd', { recursive: true });
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-2000);
  });
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, user, keyFile, hostKeySha256, stop };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(true));
      socket.once('error', () => resolve(false));
    }).catch(() => false);
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
