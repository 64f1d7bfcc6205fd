import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, eventMovesImage, parsePushEvents } from '../../../src/server/index.js';
import { deps, fakeRunner, SECRET, storeWithOneRun } from './fixtures.js';

const MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

describe('push payloads', () => {
  it('reads manifest pushes from a distribution envelope, not blobs or pulls', () => {
    const events = parsePushEvents({
      events: [
        {
          id: 'a',
          action: 'push',
          target: {
            mediaType: MANIFEST,
            repository: 'shop/web',
            tag: '2.1',
            url: 'https://registry.example/v2/shop/web/manifests/sha256:1',
          },
        },
        {
          id: 'b',
          action: 'push',
          target: { mediaType: 'application/octet-stream', repository: 'shop/web' },
        },
        {
          id: 'c',
          action: 'pull',
          target: { mediaType: MANIFEST, repository: 'shop/web', tag: '2.1' },
        },
      ],
    });

    expect(events).toEqual([
      {
        source: 'distribution',
        id: 'a',
        repository: 'shop/web',
        tag: '2.1',
        registry: 'registry.example',
      },
    ]);
  });

  it("reads Docker Hub's and GHCR's payloads", () => {
    const hub = parsePushEvents({ push_data: { tag: '7' }, repository: { repo_name: 'redis' } });
    const ghcr = parsePushEvents({
      action: 'published',
      package: {
        name: 'Web',
        package_type: 'CONTAINER',
        owner: { login: 'Acme' },
        package_version: { container_metadata: { tag: { name: 'v2', digest: 'sha256:9' } } },
      },
    });

    expect(hub).toEqual([
      { source: 'dockerhub', registry: 'docker.io', repository: 'library/redis', tag: '7' },
    ]);
    expect(ghcr).toEqual([
      {
        source: 'ghcr',
        registry: 'ghcr.io',
        repository: 'acme/web',
        tag: 'v2',
        digest: 'sha256:9',
      },
    ]);
    expect(parsePushEvents({ hello: 'world' })).toEqual([]);
  });

  it.each([
    ['redis:7', { registry: 'docker.io', repository: 'library/redis', tag: '7' }, true],
    ['redis', { registry: 'index.docker.io', repository: 'library/redis', tag: 'latest' }, true],
    ['redis:6', { registry: 'docker.io', repository: 'library/redis', tag: '7' }, false],
    ['localhost:5000/app', { registry: '127.0.0.1:5000', repository: 'app', tag: 'latest' }, true],
    ['other.example/app', { registry: '127.0.0.1:5000', repository: 'app' }, false],
    ['ghcr.io/acme/web:v2', { registry: 'ghcr.io', repository: 'acme/web' }, true],
  ])('%s moved by %j: %s', (reference, event, expected) => {
    expect(eventMovesImage({ source: 'distribution', ...event }, reference)).toBe(expected);
  });
});

describe('the webhook endpoint', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function server() {
    const state = storeWithOneRun();
    cleanup = state.cleanup;
    const runner = fakeRunner();
    return { app: createApp(deps(state.store, { openReads: true, runner })), runner };
  }
  const hub = JSON.stringify({
    push_data: { tag: '2.1' },
    repository: { repo_name: 'shop/web' },
  });
  const watched = JSON.stringify({
    events: [
      {
        id: 'e1',
        action: 'push',
        target: { mediaType: MANIFEST, repository: 'shop/web', tag: '2.1' },
        request: { host: 'registry.example' },
      },
    ],
  });

  it('checks just the services using the pushed image; a retried event only once', async () => {
    const { app, runner } = server();
    const post = () =>
      app.request('/hooks/registry', {
        method: 'POST',
        headers: { 'x-webhook-secret': SECRET },
        body: watched,
      });

    const first = await post();
    const retry = await post();

    expect(first.status).toBe(202);
    expect(retry.status).toBe(200);
    expect(runner.requests).toEqual([{ trigger: 'webhook', composeIds: ['c1'] }]);
  });

  it('takes the secret in the path (Docker Hub) or as a GitHub HMAC signature', async () => {
    const { app, runner } = server();
    const signature = `sha256=${createHmac('sha256', SECRET).update(watched).digest('hex')}`;

    const wrongPath = await app.request('/hooks/registry/not-it', { method: 'POST', body: hub });
    const path = await app.request(`/hooks/registry/${SECRET}`, { method: 'POST', body: hub });
    const badSig = await app.request('/hooks/registry', {
      method: 'POST',
      headers: { 'x-hub-signature-256': 'sha256=00' },
      body: watched,
    });
    const signed = await app.request('/hooks/registry', {
      method: 'POST',
      headers: { 'x-hub-signature-256': signature },
      body: watched,
    });

    expect(wrongPath.status).toBe(401);
    // Accepted, but Docker Hub's docker.io/shop/web is not registry.example's: nothing to check.
    expect(path.status).toBe(200);
    expect(badSig.status).toBe(401);
    expect(signed.status).toBe(202);
    expect(runner.requests).toHaveLength(1);
  });
});
