import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker } from './cli.js';
import type { EngineFacts } from './engine.js';
import { run } from './exec.js';

const APPLETS = ['sh', 'httpd', 'sleep', 'cat', 'echo', 'ls', 'wget', 'env', 'ps', 'date', 'true'];

export interface MakeImageOptions {
  /** `httpd` (default) serves /www on port 8080 in the foreground; `sleep` only waits forever. */
  mode?: 'httpd' | 'sleep';
}

/**
 * Builds a one-layer image from a busybox rootfs with `docker import`: no base image, no network,
 * about 2 MB, so it stays quick on vfs (which copies every layer in full). The version lands in
 * /version, /www/index.html and the first log line (`started <version>`), so a test can tell which
 * build a container runs. Returns the image ID.
 */
export async function makeImage(
  engine: Pick<EngineFacts, 'host'>,
  ref: string,
  version: string,
  options: MakeImageOptions = {},
): Promise<string> {
  if (!/^[\w.+-]+$/.test(version)) throw new Error(`unsafe image version: ${version}`);
  const work = mkdtempSync(join(tmpdir(), 'img-'));
  const root = join(work, 'root');
  try {
    mkdirSync(root);
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'www'));
    mkdirSync(join(root, 'tmp'));
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    for (const applet of APPLETS) symlinkSync('busybox', join(root, 'bin', applet));
    writeFileSync(join(root, 'version'), `${version}\n`);
    writeFileSync(join(root, 'www', 'index.html'), `${version}\n`);
    // PID 1 ignores SIGTERM unless it handles it, so a bare `exec httpd` would make every stop
    // wait out docker's 10 s grace period; the shell traps TERM and exits at once instead.
    const main = options.mode === 'sleep' ? 'sleep 2147483647' : 'httpd -f -p 8080 -h /www';
    const script = `trap 'exit 0' TERM INT; echo started ${version}; ${main} & wait`;
    const cmd = JSON.stringify(['/bin/sh', '-c', script]);
    const layer = join(work, 'layer.tar');
    await run('/bin/tar', ['-C', root, '-cf', layer, '.']);
    const out = await docker(engine, [
      'import',
      '-c',
      'ENV PATH=/bin',
      '-c',
      `CMD ${cmd}`,
      layer,
      ref,
    ]);
    return out.trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface PushOptions {
  /** Folder with a `config.json` holding credentials, for registries that want them. */
  dockerConfigDir?: string;
}

/** Pushes `ref` and returns the manifest digest the registry now holds for it. */
export async function pushImage(
  engine: Pick<EngineFacts, 'host'>,
  ref: string,
  options: PushOptions = {},
): Promise<string> {
  const out = await docker(engine, ['push', ref], { configDir: options.dockerConfigDir });
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(out)?.[1];
  if (!digest) throw new Error(`docker push ${ref} printed no digest`);
  return digest;
}

/** A new upstream release: a fresh build under the same tag, pushed. Returns the new digest. */
export async function publishVersion(
  engine: Pick<EngineFacts, 'host'>,
  ref: string,
  version: string,
  options: PushOptions & MakeImageOptions = {},
): Promise<string> {
  await makeImage(engine, ref, version, options);
  return pushImage(engine, ref, options);
}
