import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, logTail, spawnDetached, stopProcess, waitUntil } from './exec.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export interface TokenRegistry {
  /** `127.0.0.1:PORT`, the registry part of an image reference. */
  host: string;
  url: string;
  /** A login with pull and push rights; anonymous clients may pull when started so. */
  user: string;
  password: string;
  tokens: TokenServer;
  logFile: string;
  /** Requests the registry served so far, from its access log: `HEAD /v2/app/manifests/1 200`. */
  requestLog(): string[];
  stop(): Promise<void>;
}

export interface TokenRegistryOptions {
  anonymousPull?: boolean;
  expiresInSeconds?: number;
}

/**
 * Debian's `docker-registry` with `auth: token`, trusting a token server started here in this
 * process with a key generated for it: the Bearer flow Docker Hub, GHCR and most hosted registries
 * use, on loopback.
 */
export async function startTokenRegistry(
  options: TokenRegistryOptions = {},
): Promise<TokenRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'treg-'));
  const user = 'tester';
  const password = randomBytes(12).toString('hex');
  const tokens = await startTokenServer({
    dir,
    users: { [user]: password },
    anonymousPull: options.anonymousPull ?? true,
    ...(options.expiresInSeconds ? { expiresInSeconds: options.expiresInSeconds } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      return await serve(dir, tokens, user, password);
    } catch (error) {
      if (attempt === 3) {
        await tokens.close();
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function serve(
  dir: string,
  tokens: TokenServer,
  user: string,
  password: string,
): Promise<TokenRegistry> {
  const port = await freePort();
  const logFile = join(dir, `registry-${port}.log`);
  const config = {
    version: 0.1,
    // The access log goes to the registry's stdout, our log file: it is how requests are counted.
    log: { level: 'warn', accesslog: { disabled: false } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${port}` },
    auth: {
      token: {
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootcertbundle: tokens.certFile,
      },
    },
  };
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const pid = spawnDetached('/usr/bin/docker-registry', ['serve', configFile], logFile);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil({
      what: `token registry on port ${port}`,
      probe: async () =>
        (await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(2_000) })).status === 401,
      explain: () => `--- tail of ${logFile} ---\n${logTail(logFile)}`,
      pid,
      timeoutMs: 30_000,
    });
  } catch (error) {
    await stopProcess(pid, dir, 5_000);
    throw error;
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    user,
    password,
    tokens,
    logFile,
    requestLog: () => readRequestLog(logFile),
    async stop() {
      await stopProcess(pid, dir, 5_000);
      await tokens.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Combined log format: `... "HEAD /v2/app/manifests/1 HTTP/1.1" 200 0 "" "agent"`.
function readRequestLog(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line) => {
    const match = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/.exec(line);
    return match ? [`${match[1]} ${match[2]} ${match[3]}`] : [];
  });
}
