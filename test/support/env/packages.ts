import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { run } from './exec.js';

/**
 * The Debian packages the environment runs on, each with a file that proves it is installed.
 * Checking files instead of asking dpkg keeps the common case (all present) at a few stat calls.
 */
const REQUIRED: ReadonlyArray<{ pkg: string; file: string }> = [
  { pkg: 'docker.io', file: '/usr/sbin/dockerd' },
  { pkg: 'docker.io', file: '/usr/bin/docker' },
  { pkg: 'containerd', file: '/usr/bin/containerd' },
  { pkg: 'runc', file: '/usr/sbin/runc' },
  { pkg: 'docker-compose', file: '/usr/bin/docker-compose' },
  { pkg: 'docker-registry', file: '/usr/bin/docker-registry' },
  { pkg: 'apache2-utils', file: '/usr/bin/htpasswd' },
  // `ip link delete` removes bridges a swarm engine leaves behind.
  { pkg: 'iproute2', file: '/usr/share/doc/iproute2' },
  // Debian's plain busybox also ships /bin/busybox but links libc, which the images do not have.
  { pkg: 'busybox-static', file: '/usr/share/doc/busybox-static' },
  // Headless browser for the dashboard tests (driven by playwright-core).
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  // The "remote server" tests reach a second engine through a real sshd.
  { pkg: 'openssh-server', file: '/usr/sbin/sshd' },
  { pkg: 'openssh-client', file: '/usr/bin/ssh-keygen' },
];

export function missingPackages(): string[] {
  const missing = REQUIRED.filter((entry) => !existsSync(entry.file)).map((entry) => entry.pkg);
  return [...new Set(missing)];
}

/** Installs whatever is missing with apt-get; a no-op when everything is there already. */
export async function ensurePackages(log: (line: string) => void = () => {}): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`test environment needs Debian packages (run as root): ${missing.join(' ')}`);
  }
  log(`installing ${missing.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const unblock = blockServiceStarts();
  try {
    await run('apt-get', ['update', '-qq'], { env, timeoutMs: 300_000 });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      env,
      timeoutMs: 600_000,
    });
  } finally {
    unblock();
  }
  const still = missingPackages();
  if (still.length > 0) throw new Error(`apt-get did not install: ${still.join(' ')}`);
}

/**
 * Debian's policy-rc.d hook: while it exits 101, package scripts start no services. Without it,
 * installing docker.io would start a system dockerd with docker0 and iptables rules beside our
 * private engines. Returns the undo; an existing hook (the administrator's) is left alone.
 */
function blockServiceStarts(): () => void {
  const hook = '/usr/sbin/policy-rc.d';
  if (existsSync(hook)) return () => {};
  writeFileSync(hook, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  return () => rmSync(hook, { force: true });
}
