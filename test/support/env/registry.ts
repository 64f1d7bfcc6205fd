import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  isOurProcess,
  logTail,
  run,
  spawnDetached,
  stopProcess,
  waitUntil,
} from './exec.js';

export interface RegistryFacts {
  /** `127.0.0.1:PORT`, the registry part of an image reference. */
  host: string;
  url: string;
  pid: number;
  dir: string;
  logFile: string;
  /** Set for htpasswd registries: test-only credentials generated at start. */
  user?: string;
  password?: string;
}

export interface Registry extends RegistryFacts {
  stop(): Promise<void>;
}

export interface RegistryOptions {
  auth?: 'htpasswd';
  user?: string;
  password?: string;
}

/**
 * Starts Debian's `docker-registry` (distribution 2.8) on a free loopback port, storing blobs in a
 * temp folder. Delete is enabled so tests can make a tag vanish. With htpasswd auth the registry
 * answers Basic challenges itself; there is no separate token service.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'reg-'));
  const port = await freePort();
  const logFile = join(dir, 'registry.log');
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${port}` },
  };
  let credentials: { user: string; password: string } | undefined;
  if (options.auth === 'htpasswd') {
    credentials = {
      user: options.user ?? 'tester',
      password: options.password ?? randomBytes(12).toString('hex'),
    };
    const htpasswdFile = join(dir, 'htpasswd');
    // -i reads the password from stdin, so it never shows up in a process listing.
    const line = await run('/usr/bin/htpasswd', ['-iBn', credentials.user], {
      input: credentials.password,
    });
    writeFileSync(htpasswdFile, `${line.trim()}\n`, { mode: 0o600 });
    config.auth = { htpasswd: { realm: 'test-registry', path: htpasswdFile } };
  }
  // JSON is valid YAML, which is what the registry reads.
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const pid = spawnDetached('/usr/bin/docker-registry', ['serve', configFile], logFile);
  const registry = registryFromFacts({
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    pid,
    dir,
    logFile,
    ...credentials,
  });
  try {
    await waitUntil(
      `registry on port ${port}`,
      () => isRegistryHealthy(registry),
      () => `--- tail of ${logFile} ---\n${logTail(logFile)}`,
      30_000,
    );
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return registry;
}

export function registryFromFacts(facts: RegistryFacts): Registry {
  return {
    ...facts,
    async stop() {
      await stopProcess(facts.pid, facts.dir, 5_000);
      rmSync(facts.dir, { recursive: true, force: true });
    },
  };
}

/** Alive and answering the API base: 200 when open, 401 when it wants credentials. */
export async function isRegistryHealthy(facts: RegistryFacts): Promise<boolean> {
  if (!isOurProcess(facts.pid, facts.dir)) return false;
  const res = await fetch(`${facts.url}/v2/`, { signal: AbortSignal.timeout(2_000) }).catch(
    () => undefined,
  );
  return res?.status === 200 || res?.status === 401;
}
