import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  basicAuth,
  compose,
  docker,
  makeImage,
  pushImage,
  registryDigest,
  testEnv,
} from './support/env/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'env-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('private test environment', () => {
  it('a new version pushed to the same tag changes the registry digest', async () => {
    const { engine, registry } = testEnv();
    const ref = `${registry.host}/envtest/moving:latest`;

    await makeImage(engine, ref, 'v1');
    const first = await pushImage(engine, ref);
    const atFirst = await registryDigest(registry, 'envtest/moving', 'latest');
    await makeImage(engine, ref, 'v2');
    const second = await pushImage(engine, ref);
    const atSecond = await registryDigest(registry, 'envtest/moving', 'latest');

    expect(atFirst).toBe(first);
    expect(atSecond).toBe(second);
    expect(second).not.toBe(first);
  });

  it('docker-compose v1 runs a project from the local registry on the engine', async () => {
    const { engine, registry } = testEnv();
    const ref = `${registry.host}/envtest/web:stable`;
    await makeImage(engine, ref, 'c1');
    await pushImage(engine, ref);
    await docker(engine, ['rmi', ref]);
    const file = join(scratch, 'docker-compose.yml');
    writeFileSync(file, `version: "3.8"\nservices:\n  web:\n    image: ${ref}\n`);

    try {
      await compose(engine, 'envtest', file, ['up', '-d']);
      const id = (await compose(engine, 'envtest', file, ['ps', '-q', 'web'])).trim();
      const state = await docker(engine, ['inspect', '-f', '{{.State.Running}}', id]);
      const logs = await docker(engine, ['logs', id]);
      const answer = await docker(engine, ['exec', id, 'wget', '-qO-', 'http://127.0.0.1:8080/']);

      expect(state.trim()).toBe('true');
      expect(logs).toContain('started c1');
      expect(answer.trim()).toBe('c1');
    } finally {
      await compose(engine, 'envtest', file, ['down']);
    }
  });

  it('the htpasswd registry refuses anonymous calls and accepts the config.json credentials', async () => {
    const { engine, authRegistry, dockerConfigDir } = testEnv();
    const ref = `${authRegistry.host}/envtest/private:1`;
    await makeImage(engine, ref, 'p1');

    const anonymous = await fetch(`${authRegistry.url}/v2/`);
    const anonymousPush = await docker(engine, ['push', ref]).then(
      () => 'pushed',
      (error: Error) => error.message,
    );
    const wrong = await fetch(`${authRegistry.url}/v2/`, {
      headers: { authorization: basicAuth(authRegistry.user, 'not-the-password') },
    });
    const digest = await pushImage(engine, ref, { dockerConfigDir });

    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(anonymousPush).toMatch(/no basic auth credentials|unauthorized/i);
    expect(wrong.status).toBe(401);
    expect(await registryDigest(authRegistry, 'envtest/private', '1')).toBe(digest);
  });
});
