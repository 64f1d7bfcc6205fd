import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  basicAuth,
  compose,
  docker,
  initSwarm,
  makeImage,
  pushImage,
  registryDigest,
  startEngine,
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

  it('a second engine runs beside the first and serves a swarm stack', async () => {
    const { engine, registry } = testEnv();
    const ref = `${registry.host}/envtest/stacked:1`;
    await makeImage(engine, ref, 's1');
    const digest = await pushImage(engine, ref);
    const remote = await startEngine({ name: 'remote' });
    const file = join(scratch, 'stack.yml');
    writeFileSync(file, `version: "3.8"\nservices:\n  web:\n    image: ${ref}\n`);

    try {
      await initSwarm(remote);
      await docker(remote, ['stack', 'deploy', '-c', file, 'envstack']);
      const running = await waitForRunningTask(remote, 'envstack_web');
      const pinned = await docker(remote, [
        'service',
        'inspect',
        '-f',
        '{{.Spec.TaskTemplate.ContainerSpec.Image}}',
        'envstack_web',
      ]);

      expect(remote.socketPath).not.toBe(engine.socketPath);
      expect(running).toBe(true);
      expect(pinned.trim()).toBe(`${ref}@${digest}`);
      const listStackContainers = [
        'ps',
        '-q',
        '--filter',
        'label=com.docker.stack.namespace=envstack',
      ];
      expect(await docker(remote, listStackContainers)).not.toBe('');
      expect(await docker(engine, listStackContainers)).toBe('');
    } finally {
      await remote.stop();
    }
    expect(existsSync(remote.dir)).toBe(false);
  });
});

/** Polls the service's tasks until one is running; false if none is after a minute. */
async function waitForRunningTask(engine: { host: string }, service: string): Promise<boolean> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const out = await docker(engine, [
      'service',
      'ps',
      service,
      '--filter',
      'desired-state=running',
      '--format',
      '{{.CurrentState}}',
    ]);
    if (out.split('\n').some((line) => line.startsWith('Running'))) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
