import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createRegistryClient,
  engineRegistrySettings,
  noCredentials,
  parseReference,
} from '../../src/registry/index.js';
import { testEnv } from '../support/env/index.js';
import { type FaultProxy, pushTestImage, startFaultProxy } from './registry-support.js';

const env = testEnv();
let mirror: FaultProxy | undefined;

afterAll(async () => {
  await mirror?.close();
});

describe("the engine's registry settings", () => {
  it('reads them from the real engine', async () => {
    const engine = new Docker({ socketPath: env.engine.socketPath });

    const settings = engineRegistrySettings(await engine.info());

    expect(settings.insecure).toContain('127.0.0.0/8');
    expect(settings.mirrors).toEqual([]);
  });

  it('asks a Docker Hub mirror the engine is set up with, and not Hub', async () => {
    const name = `mirrored-${Date.now().toString(36)}`;
    const pushed = await pushTestImage({ url: env.registry.url }, `library/${name}`, 'latest');
    mirror = await startFaultProxy(env.registry.url, () => false);
    let asked = 0;
    const client = createRegistryClient({
      credentials: noCredentials,
      engineSettings: async () => {
        asked++;
        return { insecure: [], mirrors: [`http://${mirror?.host}`] };
      },
    });

    const first = await client.fetchDigest(parseReference(name));
    const second = await client.fetchDigest(parseReference(`docker.io/library/${name}:latest`));

    expect(first.digest).toBe(pushed.digest);
    expect(second.digest).toBe(pushed.digest);
    expect(mirror.log.filter((l) => l.startsWith('HEAD '))).toEqual([
      `HEAD /v2/library/${name}/manifests/latest`,
      `HEAD /v2/library/${name}/manifests/latest`,
    ]);
    expect(asked).toBe(1);
  });

  it('shares one engine read with a client that logs in with other credentials', async () => {
    const name = `derived-${Date.now().toString(36)}`;
    const pushed = await pushTestImage({ url: env.registry.url }, `library/${name}`, 'latest');
    const proxy = await startFaultProxy(env.registry.url, () => false);
    let asked = 0;
    const client = createRegistryClient({
      credentials: noCredentials,
      engineSettings: async () => {
        asked++;
        return { insecure: [], mirrors: [`http://${proxy.host}`] };
      },
    });

    const derived = client.withCredentials(noCredentials);
    const fromDerived = await derived.fetchDigest(parseReference(name));
    const fromClient = await client.fetchDigest(parseReference(name));
    await proxy.close();

    expect(fromDerived.digest).toBe(pushed.digest);
    expect(fromClient.digest).toBe(pushed.digest);
    expect(asked).toBe(1);
  });
});
