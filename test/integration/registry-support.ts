import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MANIFEST_ACCEPT, MEDIA_TYPES, type Platform } from '../../src/registry/index.js';

// Helpers for tests (and the benchmark) that talk to a real registry: images pushed through the
// registry HTTP API (no engine needed), multi-arch indexes, and a proxy that injects faults.

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Where to push: a registry URL and, for registries with auth, a header per repository. */
export interface PushTarget {
  url: string;
  authorization?: (repository: string) => Promise<string | undefined>;
}

export interface Pushed {
  digest: string;
  mediaType: string;
  size: number;
}

/** Pushes a config blob and a manifest naming it; a new `seed` makes a new image. */
export async function pushTestImage(
  target: PushTarget,
  repository: string,
  tag: string,
  options: { seed?: string; platform?: Platform } = {},
): Promise<Pushed> {
  const headers = await authHeaders(target, repository);
  const { os = 'linux', architecture = 'amd64', variant } = options.platform ?? {};
  const seed = options.seed ?? randomBytes(8).toString('hex');
  const config = Buffer.from(JSON.stringify({ architecture, os, variant, seed }));
  const configDigest = sha256(config);
  const start = await fetch(`${target.url}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    headers,
  });
  const location = new URL(start.headers.get('location') ?? '', target.url);
  location.searchParams.set('digest', configDigest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: config,
  });
  if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: configDigest,
      size: config.length,
    },
    layers: [],
  };
  return putManifest(target, repository, tag, manifest);
}

/** Pushes an OCI index of already pushed manifests, one per platform. */
export function pushIndex(
  target: PushTarget,
  repository: string,
  tag: string,
  children: Array<{ image: Pushed; platform: Platform }>,
): Promise<Pushed> {
  return putManifest(target, repository, tag, {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: children.map(({ image, platform }) => ({
      mediaType: image.mediaType,
      digest: image.digest,
      size: image.size,
      platform,
    })),
  });
}

/** A manifest already in the registry (say, one the engine pushed), as an index entry needs it. */
export async function describeManifest(
  url: string,
  repository: string,
  tag: string,
): Promise<Pushed> {
  const res = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: MANIFEST_ACCEPT },
  });
  if (!res.ok) throw new Error(`manifest HEAD answered ${res.status}`);
  return {
    digest: res.headers.get('docker-content-digest') ?? '',
    mediaType: res.headers.get('content-type') ?? '',
    size: Number(res.headers.get('content-length')),
  };
}

async function putManifest(
  target: PushTarget,
  repository: string,
  tag: string,
  manifest: { mediaType: string; [field: string]: unknown },
): Promise<Pushed> {
  const bytes = Buffer.from(JSON.stringify(manifest));
  const res = await fetch(`${target.url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...(await authHeaders(target, repository)), 'content-type': manifest.mediaType },
    body: bytes,
  });
  if (res.status !== 201)
    throw new Error(`manifest push answered ${res.status}: ${await res.text()}`);
  return { digest: sha256(bytes), mediaType: manifest.mediaType, size: bytes.length };
}

async function authHeaders(
  target: PushTarget,
  repository: string,
): Promise<Record<string, string>> {
  const authorization = await target.authorization?.(repository);
  return authorization ? { authorization } : {};
}

/** Push rights on a token registry: a token for `repository:<repo>:pull,push` per push. */
export function bearerPusher(registry: {
  url: string;
  user: string;
  password: string;
  tokens: { realm: string; service: string };
}): PushTarget {
  const basic = `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`;
  return {
    url: registry.url,
    async authorization(repository) {
      const url = new URL(registry.tokens.realm);
      url.searchParams.set('service', registry.tokens.service);
      url.searchParams.set('scope', `repository:${repository}:pull,push`);
      const answer = await fetch(url, { headers: { authorization: basic } });
      const { token } = (await answer.json()) as { token: string };
      return `Bearer ${token}`;
    },
  };
}

export type FaultHook = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface FaultProxy {
  host: string;
  /** Every request the proxy saw, `METHOD /path`, answered by the hook or forwarded. */
  log: string[];
  close(): Promise<void>;
}

/** Forwards to `upstream` (auth headers included) unless `hook` answered the request itself. */
export async function startFaultProxy(upstream: string, hook: FaultHook): Promise<FaultProxy> {
  const log: string[] = [];
  const server = createServer(async (req, res) => {
    log.push(`${req.method} ${req.url}`);
    if (await hook(req, res)) return;
    const headers: Record<string, string> = {};
    for (const name of ['accept', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (!['content-length', 'transfer-encoding', 'connection'].includes(key)) out[key] = value;
    });
    const body = Buffer.from(await answer.arrayBuffer());
    // A HEAD answer keeps the upstream length: the engine refuses a manifest HEAD without one.
    const length = req.method === 'HEAD' ? answer.headers.get('content-length') : body.length;
    if (length !== null) out['content-length'] = String(length);
    res.writeHead(answer.status, out).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
