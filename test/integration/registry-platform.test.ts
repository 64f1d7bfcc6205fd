import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { checkPlatforms } from '../../src/app/platform-check.js';
import { createRemoteDigests } from '../../src/app/remote.js';
import type { ContainerFacts } from '../../src/plan/index.js';
import {
  createRegistryClient,
  MEDIA_TYPES,
  noCredentials,
  parseReference,
} from '../../src/registry/index.js';
import { docker, makeImage, pushImage, testEnv } from '../support/env/index.js';
import { describeManifest, pushIndex, pushTestImage } from './registry-support.js';

// The facts the planner gets for multi-arch images, gathered from the real engine and registry.

const env = testEnv();
const engine = new Docker({ socketPath: env.engine.socketPath });
const amd64 = { os: 'linux', architecture: 'amd64' };
const arm = { os: 'linux', architecture: 'arm', variant: 'v5' };

describe('checkPlatforms', () => {
  it('tells the same linux/amd64 image by its config when the old index is gone', async () => {
    const repo = `platform-${Date.now().toString(36)}`;
    const name = `${env.registry.host}/${repo}`;
    const target = { url: env.registry.url };
    const imageId = await makeImage(env.engine, `${name}:amd64`, 'v1', { mode: 'sleep' });
    await pushImage(env.engine, `${name}:amd64`);
    const child = await describeManifest(env.registry.url, repo, 'amd64');
    const armOld = await pushTestImage(target, repo, 'arm-old', { platform: arm });
    const armNew = await pushTestImage(target, repo, 'arm-new', { platform: arm });
    const oldIndex = await pushIndex(target, repo, 'old', [
      { image: child, platform: amd64 },
      { image: armOld, platform: arm },
    ]);
    const newIndex = await pushIndex(target, repo, 'latest', [
      { image: child, platform: amd64 },
      { image: armNew, platform: arm },
    ]);
    await fetch(`${env.registry.url}/v2/${repo}/manifests/${oldIndex.digest}`, {
      method: 'DELETE',
    });
    const container: ContainerFacts = {
      id: 'c1',
      name: 'web-1',
      imageId,
      digests: [oldIndex.digest],
      fromRegistry: true,
    };
    const client = createRegistryClient({ credentials: noCredentials });
    const ref = parseReference(`${name}:latest`);

    const [checked] = await checkPlatforms(
      engine,
      ref,
      { digest: newIndex.digest, mediaType: MEDIA_TYPES.ociIndex },
      [container],
      createRemoteDigests(client),
    );
    await docker(env.engine, ['rmi', `${name}:amd64`]);

    expect(checked?.platformCheck).toEqual({
      platform: 'linux/amd64',
      running: child.digest,
      remote: child.digest,
    });
    expect(client.stats()).toMatchObject({ get: 3, head: 0 });
  });

  it("judges a swarm task known only by its pinned index by the engine's platform", async () => {
    const repo = `swarm-platform-${Date.now().toString(36)}`;
    const target = { url: env.registry.url };
    const child = await pushTestImage(target, repo, 'amd64', { platform: amd64 });
    const armOld = await pushTestImage(target, repo, 'arm-old', { platform: arm });
    const armNew = await pushTestImage(target, repo, 'arm-new', { platform: arm });
    const pinned = await pushIndex(target, repo, 'old', [
      { image: child, platform: amd64 },
      { image: armOld, platform: arm },
    ]);
    const current = await pushIndex(target, repo, 'latest', [
      { image: child, platform: amd64 },
      { image: armNew, platform: arm },
    ]);
    const task: ContainerFacts = {
      id: 't1',
      name: 'app.1',
      imageId: '',
      digests: [pinned.digest],
      fromRegistry: true,
    };
    const client = createRegistryClient({ credentials: noCredentials });

    const [checked] = await checkPlatforms(
      engine,
      parseReference(`${env.registry.host}/${repo}:latest`),
      { digest: current.digest, mediaType: MEDIA_TYPES.ociIndex },
      [task],
      createRemoteDigests(client),
    );

    expect(checked?.platformCheck).toEqual({
      platform: 'linux/amd64',
      running: child.digest,
      remote: child.digest,
    });
  });

  it('leaves single-platform images and current containers alone, at no cost', async () => {
    const client = createRegistryClient({ credentials: noCredentials });
    const digest = `sha256:${'a'.repeat(64)}`;
    const container: ContainerFacts = {
      id: 'c1',
      name: 'web-1',
      imageId: 'sha256:x',
      digests: [digest],
      fromRegistry: true,
    };
    const ref = parseReference(`${env.registry.host}/any:latest`);
    const remote = createRemoteDigests(client);

    const single = await checkPlatforms(
      engine,
      ref,
      { digest: `sha256:${'b'.repeat(64)}`, mediaType: MEDIA_TYPES.ociManifest },
      [container],
      remote,
    );
    const current = await checkPlatforms(
      engine,
      ref,
      { digest, mediaType: MEDIA_TYPES.ociIndex },
      [container],
      remote,
    );

    expect(single).toEqual([container]);
    expect(current).toEqual([container]);
    expect(client.stats()).toMatchObject({ get: 0, head: 0, ping: 0 });
  });
});
