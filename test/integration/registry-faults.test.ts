import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistryClient,
  noCredentials,
  parseReference,
  RegistryUnavailableError,
  staticCredentialStore,
} from '../../src/registry/index.js';
import { startTokenRegistry, type TokenRegistry, testEnv } from '../support/env/index.js';
import {
  bearerPusher,
  type FaultHook,
  type FaultProxy,
  type Pushed,
  pushTestImage,
  startFaultProxy,
} from './registry-support.js';

// What a real registry will not do on demand (5xx, hangs, HTML, 429) comes from a proxy in front of
// the test environment's registry; everything the proxy forwards is answered by that registry.

const env = testEnv();
const target = { url: env.registry.url };
const proxies: FaultProxy[] = [];
let image: Pushed;
const repo = `faults-${Date.now().toString(36)}`;

async function proxy(hook: FaultHook, upstream = env.registry.url): Promise<FaultProxy> {
  const started = await startFaultProxy(upstream, hook);
  proxies.push(started);
  return started;
}

const onManifests = (req: { url?: string | undefined }) =>
  Boolean(req.url?.includes('/manifests/'));

beforeAll(async () => {
  image = await pushTestImage(target, repo, 'v1');
});

afterAll(async () => {
  for (const p of proxies) await p.close();
});

async function failureOf(promise: Promise<unknown>): Promise<RegistryUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryUnavailableError);
  return error as RegistryUnavailableError;
}

describe('a registry that cannot answer is an error, never a digest', () => {
  it('503 names the status', async () => {
    const p = await proxy((req, res) => {
      if (!onManifests(req)) return false;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
      return true;
    });
    const client = createRegistryClient({ credentials: noCredentials });

    const error = await failureOf(client.fetchDigest(parseReference(`${p.host}/${repo}:v1`)));

    expect(error.message).toContain('503');
    expect(client.stats()).toMatchObject({ head: 1, get: 0 });
  });

  it('a registry that never answers fails at the deadline', async () => {
    const p = await proxy((req) => onManifests(req));
    const client = createRegistryClient({ credentials: noCredentials, timeoutMs: 300 });

    const error = await failureOf(client.fetchDigest(parseReference(`${p.host}/${repo}:v1`)));

    expect(error.message).toContain('no answer within 300 ms');
  });

  it('11: every HEAD failing for 200 images gives 200 errors and no other request', async () => {
    const p = await proxy((req, res) => {
      if (!onManifests(req)) return false;
      res.writeHead(500).end();
      return true;
    });
    const client = createRegistryClient({ credentials: noCredentials });
    const refs = Array.from({ length: 200 }, (_, i) => parseReference(`${p.host}/app${i}:latest`));

    const results = await Promise.allSettled(refs.map((ref) => client.fetchDigest(ref)));

    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(200);
    expect(p.log.filter((line) => line.startsWith('HEAD '))).toHaveLength(200);
    expect(p.log.filter((line) => !line.startsWith('HEAD '))).toEqual(['GET /v2/']);
  });

  it('429 with a Retry-After beyond the bound fails at once as rate-limited', async () => {
    const p = await proxy((req, res) => {
      if (!onManifests(req)) return false;
      res.writeHead(429, { 'retry-after': '3600', 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"allowed 44000 per 1m0s"}]}');
      return true;
    });
    const client = createRegistryClient({ credentials: noCredentials, maxRetryWaitMs: 2_000 });

    const error = await failureOf(client.fetchDigest(parseReference(`${p.host}/${repo}:v1`)));

    expect(error.rateLimited).toBe(true);
    expect(error.message).toContain('asked to wait 3600 s, more than the bound');
    expect(client.stats()).toMatchObject({ head: 1, retries: 0 });
  });

  it("says so when the answer is Docker Hub's pull limit (passed on by a mirror)", async () => {
    const p = await proxy((req, res) => {
      if (!onManifests(req)) return false;
      // What Hub sends with a refused HEAD: no body, the limit in its headers.
      res.writeHead(429, {
        'content-type': 'application/json',
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '0;w=21600',
        'docker-ratelimit-source': '192.0.2.1',
      });
      res.end(
        '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. ' +
          'You may increase the limit by authenticating and upgrading"}]}',
      );
      return true;
    });
    const client = createRegistryClient({ credentials: noCredentials, maxRetryWaitMs: 100 });

    const error = await failureOf(client.fetchDigest(parseReference(`${p.host}/${repo}:v1`)));

    expect(error.message).toContain('Docker Hub pull rate limit reached');
  });
});

describe('where the manifest is asked for', () => {
  it('5: someuser/app:latest@sha256:… is asked for by its tag', async () => {
    await pushTestImage(target, 'someuser/app', 'latest');
    const p = await proxy(() => false);
    const client = createRegistryClient({ credentials: noCredentials });

    const remote = await client.fetchDigest(
      parseReference(`${p.host}/someuser/app:latest@${image.digest}`),
    );

    expect(p.log).toEqual(['GET /v2/', 'HEAD /v2/someuser/app/manifests/latest']);
    expect(remote.digest).not.toBe(image.digest);
  });

  it('6: host:port/app:tag@sha256:… behind Basic auth → /v2/app/manifests/tag', async () => {
    const { authRegistry } = env;
    const pair = `${authRegistry.user}:${authRegistry.password}`;
    const basic = `Basic ${Buffer.from(pair).toString('base64')}`;
    const pushed = await pushTestImage(
      { url: authRegistry.url, authorization: async () => basic },
      'app',
      'tag',
    );
    const p = await proxy(() => false, authRegistry.url);
    const client = createRegistryClient({
      credentials: staticCredentialStore({
        [p.host]: { username: authRegistry.user, password: authRegistry.password },
      }),
    });

    const remote = await client.fetchDigest(parseReference(`${p.host}/app:tag@${image.digest}`));

    expect(remote.digest).toBe(pushed.digest);
    expect(p.log).toEqual(['GET /v2/', 'HEAD /v2/app/manifests/tag']);
  });
});

describe('token service faults', () => {
  let registry: TokenRegistry;
  const repos = ['a/one', 'a/two', 'a/three'];

  beforeAll(async () => {
    registry = await startTokenRegistry();
    for (const r of repos) await pushTestImage(bearerPusher(registry), r, 'latest');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('a token endpoint answering HTML is an error naming it, not a digest', async () => {
    registry.tokens.hook = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>');
      return true;
    };
    const client = createRegistryClient({ credentials: noCredentials });

    const error = await failureOf(client.fetchDigest(parseReference(`${registry.host}/a/one`)));
    delete registry.tokens.hook;

    expect(error.message).toContain('text/html where a JSON token was needed');
    expect(client.stats()).toMatchObject({ head: 0, token: 1 });
  });

  it('10: 429, tiny Retry-After, many images: waits, one token per repository', async () => {
    let refusals = 12;
    const p = await proxy((req, res) => {
      if (!onManifests(req) || refusals <= 0) return false;
      refusals--;
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"allowed 44000 per 1m0s"}]}');
      return true;
    }, registry.url);
    const tokensBefore = registry.tokens.requests.length;
    const client = createRegistryClient({ credentials: noCredentials });
    const refs = Array.from({ length: 12 }, (_, i) => parseReference(`${p.host}/${repos[i % 3]}`));

    const results = await Promise.allSettled(refs.map((ref) => client.fetchDigest(ref)));

    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(registry.tokens.requests.length - tokensBefore).toBe(3);
    expect(client.stats()).toMatchObject({ token: 3, retries: 12, head: 24 });
  });
});
