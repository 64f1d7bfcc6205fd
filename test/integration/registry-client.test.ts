import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistryClient,
  ManifestNotFoundError,
  MEDIA_TYPES,
  noCredentials,
  parseReference,
  RegistryAuthError,
  RegistryUnavailableError,
  resolvePlatformDigest,
  staticCredentialStore,
} from '../../src/registry/index.js';

// A real registry (Debian's docker-registry, distribution 2.8) on loopback, images pushed through
// its HTTP API, and a small proxy in front of it for what a real registry will not do on demand.

interface RunningRegistry {
  host: string;
  url: string;
  stop(): void;
}

const sha256 = (data: Buffer | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRegistry(htpasswd?: {
  user: string;
  password: string;
}): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-it-'));
  const port = await freePort();
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'error', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') } },
    http: { addr: `127.0.0.1:${port}` },
  };
  if (htpasswd) {
    const line = execFileSync('htpasswd', ['-iBn', htpasswd.user], { input: htpasswd.password });
    writeFileSync(join(dir, 'htpasswd'), line);
    config.auth = { htpasswd: { realm: 'it', path: join(dir, 'htpasswd') } };
  }
  writeFileSync(join(dir, 'config.yml'), JSON.stringify(config));
  const child: ChildProcess = spawn(
    '/usr/bin/docker-registry',
    ['serve', join(dir, 'config.yml')],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const status = await fetch(`${url}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || status === 401) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pushes a blob and then a manifest naming it; returns the manifest's digest. */
async function pushImage(
  url: string,
  repo: string,
  tag: string,
  options: { authorization?: string; seed?: string } = {},
): Promise<{ digest: string; bytes: Buffer }> {
  const headers: Record<string, string> = options.authorization
    ? { authorization: options.authorization }
    : {};
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      seed: options.seed ?? randomBytes(8).toString('hex'),
    }),
  );
  const configDigest = await pushBlob(url, repo, config, headers);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [],
    }),
  );
  return putManifest(url, repo, tag, manifest, MEDIA_TYPES.ociManifest, headers);
}

async function pushBlob(url: string, repo: string, blob: Buffer, headers: Record<string, string>) {
  const digest = sha256(blob);
  const start = await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers });
  const location = new URL(start.headers.get('location') ?? '', url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: blob,
  });
  if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
  return digest;
}

async function putManifest(
  url: string,
  repo: string,
  tag: string,
  bytes: Buffer,
  mediaType: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': mediaType },
    body: bytes,
  });
  if (res.status !== 201)
    throw new Error(`manifest push answered ${res.status}: ${await res.text()}`);
  return { digest: sha256(bytes), bytes };
}

type Hook = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Forwards to `upstream` unless `hook` answered the request itself. */
async function startProxy(
  upstream: string,
  hook: Hook,
): Promise<{ host: string; server: Server; log: string[] }> {
  const log: string[] = [];
  const server = createServer(async (req, res) => {
    log.push(`${req.method} ${req.url}`);
    if (hook(req, res)) return;
    const headers: Record<string, string> = {};
    if (req.headers.accept) headers.accept = req.headers.accept;
    const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (!['content-length', 'transfer-encoding', 'connection'].includes(key)) out[key] = value;
    });
    const body = Buffer.from(await answer.arrayBuffer());
    if (req.method !== 'HEAD') out['content-length'] = String(body.length);
    res.writeHead(answer.status, out).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { host: `127.0.0.1:${port}`, server, log };
}

let plain: RunningRegistry;
let locked: RunningRegistry;
const login = { user: 'tester', password: randomBytes(12).toString('hex') };
const basic = `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}`;

beforeAll(async () => {
  [plain, locked] = await Promise.all([startRegistry(), startRegistry(login)]);
});
afterAll(() => {
  plain?.stop();
  locked?.stop();
});

describe('fetchDigest against a real registry', () => {
  it('answers the pushed manifest digest with one HEAD, and sees a new push', async () => {
    const first = await pushImage(plain.url, 'team/app', '1');
    const client = createRegistryClient({ credentials: noCredentials });
    const ref = parseReference(`${plain.host}/team/app:1`);

    const before = await client.fetchDigest(ref);
    const second = await pushImage(plain.url, 'team/app', '1');
    const after = await client.fetchDigest(ref);

    expect(before).toEqual({
      digest: first.digest,
      mediaType: MEDIA_TYPES.ociManifest,
      via: 'head',
    });
    expect(after.digest).toBe(second.digest);
    expect(after.digest).not.toBe(before.digest);
    expect(client.stats()).toEqual({ ping: 1, head: 2, get: 0, token: 0, retries: 0 });
  });

  it('answers the index digest of a multi-arch image', async () => {
    const amd64 = await pushImage(plain.url, 'multi', 'amd64');
    const arm = await pushImage(plain.url, 'multi', 'armv7');
    const child = (
      d: { digest: string; bytes: Buffer },
      architecture: string,
      variant?: string,
    ) => ({
      mediaType: MEDIA_TYPES.ociManifest,
      digest: d.digest,
      size: d.bytes.length,
      platform: { os: 'linux', architecture, ...(variant ? { variant } : {}) },
    });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [child(amd64, 'amd64'), child(arm, 'arm', 'v7')],
      }),
    );
    const pushed = await putManifest(plain.url, 'multi', 'latest', index, MEDIA_TYPES.ociIndex);
    const client = createRegistryClient({ credentials: noCredentials });

    const remote = await client.fetchDigest(parseReference(`${plain.host}/multi`));

    expect(remote).toEqual({ digest: pushed.digest, mediaType: MEDIA_TYPES.ociIndex, via: 'head' });
  });

  it('resolves the child manifest for a platform from an index', async () => {
    const amd64 = await pushImage(plain.url, 'multi2', 'amd64');
    const arm = await pushImage(plain.url, 'multi2', 'armv7');
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [
          {
            mediaType: MEDIA_TYPES.ociManifest,
            digest: amd64.digest,
            size: amd64.bytes.length,
            platform: { os: 'linux', architecture: 'amd64' },
          },
          {
            mediaType: MEDIA_TYPES.ociManifest,
            digest: arm.digest,
            size: arm.bytes.length,
            platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
          },
        ],
      }),
    );
    const pushed = await putManifest(plain.url, 'multi2', 'latest', index, MEDIA_TYPES.ociIndex);
    const client = createRegistryClient({ credentials: noCredentials });
    const ref = parseReference(`${plain.host}/multi2`);

    const onArm = await resolvePlatformDigest(client, ref, pushed.digest, {
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
    });
    const onAmd = await resolvePlatformDigest(client, ref, pushed.digest, {
      os: 'linux',
      architecture: 'amd64',
    });
    const onS390 = await resolvePlatformDigest(client, ref, pushed.digest, {
      os: 'linux',
      architecture: 's390x',
    });
    const single = await resolvePlatformDigest(client, ref, amd64.digest, {
      os: 'linux',
      architecture: 'arm',
    });

    expect(onArm).toBe(arm.digest);
    expect(onAmd).toBe(amd64.digest);
    expect(onS390).toBeUndefined();
    expect(single).toBe(amd64.digest);
  });

  it('reports a missing tag as not found and a closed port as unavailable', async () => {
    const client = createRegistryClient({ credentials: noCredentials, timeoutMs: 5_000 });
    const closed = await freePort();

    const missing = await client
      .fetchDigest(parseReference(`${plain.host}/team/app:nope`))
      .catch((e: unknown) => e);
    const refused = await client
      .fetchDigest(parseReference(`127.0.0.1:${closed}/app:1`))
      .catch((e: unknown) => e);

    expect(missing).toBeInstanceOf(ManifestNotFoundError);
    expect(refused).toBeInstanceOf(RegistryUnavailableError);
  });
});

describe('fetchDigest behind htpasswd (Basic)', () => {
  it('sends the credentials, and refuses wrong or missing ones without showing them', async () => {
    const pushed = await pushImage(locked.url, 'private/app', 'v1', { authorization: basic });
    const ref = parseReference(`${locked.host}/private/app:v1`);
    const good = createRegistryClient({
      credentials: staticCredentialStore({
        [locked.host]: { username: login.user, password: login.password },
      }),
    });
    const wrongPassword = 'not-the-password-123';
    const bad = createRegistryClient({
      credentials: staticCredentialStore({
        [locked.host]: { username: login.user, password: wrongPassword },
      }),
    });
    const anonymous = createRegistryClient({ credentials: noCredentials });

    const remote = await good.fetchDigest(ref);
    const refused = (await bad.fetchDigest(ref).catch((e: unknown) => e)) as Error;
    const unauthenticated = (await anonymous.fetchDigest(ref).catch((e: unknown) => e)) as Error;

    expect(remote.digest).toBe(pushed.digest);
    expect(good.stats()).toMatchObject({ ping: 1, head: 1, token: 0 });
    expect(refused).toBeInstanceOf(RegistryAuthError);
    expect(refused.message).toContain('refused');
    expect(refused.message).not.toContain(wrongPassword);
    expect(unauthenticated).toBeInstanceOf(RegistryAuthError);
    expect(unauthenticated.message).toContain('needs credentials');
  });
});

describe('fetchDigest through a fault-injecting proxy', () => {
  it('hashes the GET body when HEAD has no Docker-Content-Digest', async () => {
    const pushed = await pushImage(plain.url, 'nodigest', 'v1');
    const proxy = await startProxy(plain.url, (req, res) => {
      if (req.method !== 'HEAD' || !req.url?.includes('/manifests/')) return false;
      res.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest, etag: '"not-a-digest"' }).end();
      return true;
    });
    const client = createRegistryClient({ credentials: noCredentials });

    const remote = await client.fetchDigest(parseReference(`${proxy.host}/nodigest:v1`));
    proxy.server.close();

    expect(remote).toEqual({
      digest: pushed.digest,
      mediaType: MEDIA_TYPES.ociManifest,
      via: 'get',
    });
    expect(client.stats()).toMatchObject({ head: 1, get: 1 });
  });

  it('turns a 400 with an HTML body into an error for that image only', async () => {
    const pushed = await pushImage(plain.url, 'fine', 'v1');
    const proxy = await startProxy(plain.url, (req, res) => {
      if (!req.url?.includes('/broken/')) return false;
      res.writeHead(400, { 'content-type': 'text/html' }).end('<html>Bad Request</html>');
      return true;
    });
    const client = createRegistryClient({ credentials: noCredentials });

    const [broken, fine] = await Promise.allSettled([
      client.fetchDigest(parseReference(`${proxy.host}/broken:v1`)),
      client.fetchDigest(parseReference(`${proxy.host}/fine:v1`)),
    ]);
    proxy.server.close();

    expect(broken.status === 'rejected' && broken.reason).toBeInstanceOf(RegistryUnavailableError);
    expect(fine.status === 'fulfilled' && fine.value.digest).toBe(pushed.digest);
  });

  it('waits as Retry-After says on 429, then answers', async () => {
    const pushed = await pushImage(plain.url, 'limited', 'v1');
    let refusals = 1;
    const proxy = await startProxy(plain.url, (req, res) => {
      if (!req.url?.includes('/manifests/') || refusals === 0) return false;
      refusals--;
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"allowed 44000 per 1m0s"}]}');
      return true;
    });
    const client = createRegistryClient({ credentials: noCredentials });

    const remote = await client.fetchDigest(parseReference(`${proxy.host}/limited:v1`));
    proxy.server.close();

    expect(remote.digest).toBe(pushed.digest);
    expect(client.stats()).toMatchObject({ head: 2, retries: 1 });
  });

  it('fetches one anonymous bearer token per repository and reuses it', async () => {
    const a = await pushImage(plain.url, 'owner/a', 'v1');
    const b = await pushImage(plain.url, 'owner/b', 'v1');
    const issued = new Map<string, string>();
    let realm = '';
    const proxy = await startProxy(plain.url, (req, res) => {
      const url = new URL(req.url ?? '/', 'http://proxy');
      if (url.pathname === '/token') {
        const token = `tok-${issued.size}-${randomBytes(6).toString('hex')}`;
        issued.set(token, url.searchParams.get('scope') ?? '');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token, expires_in: 300 }));
        return true;
      }
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      const repo = /^\/v2\/(.+)\/manifests\//.exec(url.pathname)?.[1];
      if (issued.get(token) === `repository:${repo}:pull`) return false;
      const scope = repo ? `,scope="repository:${repo}:pull"` : '';
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="proxy"${scope}` });
      res.end();
      return true;
    });
    realm = `http://${proxy.host}/token`;
    const client = createRegistryClient({ credentials: noCredentials });
    const refs = ['owner/a:v1', 'owner/b:v1', 'owner/a:v1', 'owner/b:v1', 'owner/a:v1'];

    const digests = await Promise.all(
      refs.map((r) =>
        client.fetchDigest(parseReference(`${proxy.host}/${r}`)).then((d) => d.digest),
      ),
    );
    proxy.server.close();

    expect(digests).toEqual([a.digest, b.digest, a.digest, b.digest, a.digest]);
    expect(client.stats()).toEqual({ ping: 1, head: 5, get: 0, token: 2, retries: 0 });
    expect(proxy.log.filter((line) => line.startsWith('GET /token'))).toHaveLength(2);
  });
});
