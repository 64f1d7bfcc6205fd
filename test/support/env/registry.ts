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
  /** Where the registry POSTs its notification envelopes, with extra headers (distribution). */
  notify?: { url: string; headers?: Record<string, string> };
}

/**
 * Starts Debian's `docker-registry` (distribution 2.8) on a free loopback port, storing blobs in a
 * temp folder. Delete is enabled so tests can make a tag vanish. With htpasswd auth the registry
 * answers Basic challenges itself; there is no separate token service.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'reg-'));
  let credentials: { user: string; password: string } | undefined;
  if (options.auth === 'htpasswd') {
    credentials = {
      user: options.user ?? 'tester',
      password: options.password ?? randomBytes(12).toString('hex'),
    };
    await writeHtpasswd(join(dir, 'htpasswd'), credentials.user, credentials.password);
  }
  // The free port may be taken between asking and binding; a fresh one almost always works.
  for (let attempt = 1; ; attempt++) {
    try {
      return await serveOnFreePort(dir, credentials, options.notify);
    } catch (error) {
      if (attempt === 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function serveOnFreePort(
  dir: string,
  credentials: { user: string; password: string } | undefined,
  notify?: RegistryOptions['notify'],
): Promise<Registry> {
  const port = await freePort();
  const logFile = join(dir, 'registry.log');
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${port}` },
  };
  if (credentials) {
    config.auth = { htpasswd: { realm: 'test-registry', path: join(dir, 'htpasswd') } };
  }
  if (notify) {
    const headers = Object.fromEntries(
      Object.entries(notify.headers ?? {}).map(([name, value]) => [name, [value]]),
    );
    config.notifications = {
      endpoints: [
        { name: 'test', url: notify.url, headers, timeout: '2s', threshold: 3, backoff: '1s' },
      ],
    };
  }
  // JSON is valid YAML, which is what the registry reads.
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const pid = spawnDetached('/usr/bin/docker-registry', ['serve', configFile], logFile);
  const facts = { host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, pid, dir, logFile };
  const registry = registryFromFacts({ ...facts, ...credentials });
  try {
    await waitUntil({
      what: `registry on port ${port}`,
      probe: () => isRegistryHealthy(registry),
      explain: () => `--- tail of ${logFile} ---\n${logTail(logFile)}`,
      pid,
      timeoutMs: 30_000,
    });
    return registry;
  } catch (error) {
    await stopProcess(pid, dir, 5_000);
    throw error;
  }
}

async function writeHtpasswd(file: string, user: string, password: string): Promise<void> {
  // -i reads the password from stdin, so it never shows up in a process listing.
  const line = await run('/usr/bin/htpasswd', ['-iBn', user], { input: password });
  writeFileSync(file, `${line.trim()}\n`, { mode: 0o600 });
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
