import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RegistryCredentials {
  /** `127.0.0.1:PORT`, the key docker uses under `auths`. */
  host: string;
  user: string;
  password: string;
}

/**
 * Writes `<dir>/config.json` in the docker CLI's format, with `auths.<host>.auth` holding
 * base64("user:password"). Point DOCKER_CONFIG (or `docker --config`) at `dir` and both the
 * CLI and the product read the same credentials. Returns the file's path.
 */
export function writeDockerConfig(
  dir: string,
  options: { registry: RegistryCredentials } | { registries: RegistryCredentials[] },
): string {
  const registries = 'registry' in options ? [options.registry] : options.registries;
  const auths: Record<string, { auth: string }> = {};
  for (const r of registries) {
    auths[r.host] = { auth: Buffer.from(`${r.user}:${r.password}`).toString('base64') };
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.json');
  writeFileSync(file, `${JSON.stringify({ auths }, null, 2)}\n`, { mode: 0o600 });
  return file;
}
