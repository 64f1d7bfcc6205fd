import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitUntil } from '../support/env/exec.js';
import { DOCKER_CLI, docker } from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';
import { makeNodeBaseImage } from './ship-image-base.js';
import { redeploysOf, runProgram, serviceWithUpdate } from './ship-support.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const suffix = randomBytes(4).toString('hex');
const baseImage = `ship-node-base:${suffix}`;
const image = `ship-dokploy-autoupdate:${suffix}`;
const container = `ship-serve-${suffix}`;

let work: string;
let scenario: Scenario;

// The engine has no bridge network and no Docker Hub: the base image is made from this machine's
// Node, and the bundle is built outside and taken in with BUNDLE_FROM=prebuilt.
beforeAll(async () => {
  scenario = await Scenario.start();
  work = mkdtempSync(join(tmpdir(), 'ship-image-'));
  mkdirSync(join(work, 'bundle'), { recursive: true });
  for (const file of ['Dockerfile', '.dockerignore']) {
    copyFileSync(join(repoRoot, file), join(work, file));
  }
  const bundled = await runProgram(
    process.execPath,
    ['--import', 'tsx', 'scripts/bundle.ts', '--out', join(work, 'bundle/dokploy-autoupdate.mjs')],
    { cwd: repoRoot },
  );
  expect(bundled.code, bundled.stderr).toBe(0);
  await makeNodeBaseImage(scenario.env.engine, baseImage);
  await docker(
    scenario.env.engine,
    [
      'build',
      '--build-arg',
      `NODE_IMAGE=${baseImage}`,
      '--build-arg',
      'BUNDLE_FROM=prebuilt',
      '-t',
      image,
      work,
    ],
    { env: { DOCKER_BUILDKIT: '1' } },
  );
});

afterAll(async () => {
  const engine = scenario?.env.engine;
  if (engine) {
    await docker(engine, ['rm', '-f', '-v', container]).catch(() => undefined);
    await docker(engine, ['rmi', '-f', image, baseImage]).catch(() => undefined);
  }
  await scenario?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function containerLogs(): string {
  const logs = spawnSync(DOCKER_CLI, ['logs', '--tail', '30', container], {
    env: { DOCKER_HOST: scenario.env.engine.host },
    encoding: 'utf8',
  });
  return `${logs.stdout}${logs.stderr}`;
}

describe('the container image', () => {
  it('runs as uid 1000 with a health check on /healthz', async () => {
    const inspected = JSON.parse(await docker(scenario.env.engine, ['image', 'inspect', image]))[0];

    expect(inspected.Config.User).toBe('1000:1000');
    expect(inspected.Config.Healthcheck.Test.join(' ')).toContain('HEALTHCHECK_URL');
    expect(inspected.Config.Entrypoint).toEqual(['node', '/app/dokploy-autoupdate.mjs']);
  });

  it('serves /healthz, turns healthy, and updates a service in its first run', async () => {
    const service = await serviceWithUpdate(scenario, 'image-serve');
    const port = await freePort();
    const socket = scenario.env.engine.host.replace('unix://', '');
    const socketGroup = statSync(socket).gid;

    await docker(scenario.env.engine, [
      'run',
      '-d',
      '--name',
      container,
      '--network',
      'host',
      '--group-add',
      String(socketGroup),
      '-v',
      `${socket}:/var/run/docker.sock`,
      '-e',
      `DOKPLOY_URL=${scenario.standIn.url}`,
      '-e',
      `DOKPLOY_API_KEY=${scenario.apiKey}`,
      '-e',
      `AUTOUPDATE_API_TOKEN=${randomBytes(16).toString('hex')}`,
      '-e',
      `HEALTHCHECK_URL=http://127.0.0.1:${port}/healthz`,
      '--health-interval',
      '1s',
      image,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--state-dir',
      '/data',
      '--project',
      'image-serve',
    ]);
    const health = () =>
      docker(scenario.env.engine, ['inspect', '-f', '{{.State.Health.Status}}', container]);
    await waitUntil({
      what: 'the container turning healthy',
      timeoutMs: 60_000,
      probe: async () => (await health()).trim() === 'healthy',
      explain: containerLogs,
    });
    const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
    await waitUntil({
      what: 'the first run redeploys the service',
      timeoutMs: 90_000,
      explain: containerLogs,
      probe: async () => {
        const ids = await scenario.runningImageIds(service.appName, 'web');
        return (
          redeploysOf(scenario, service.composeId) === 1 &&
          ids.length === 1 &&
          ids[0] !== service.oldId
        );
      },
    });

    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toMatchObject({ ok: true });
    expect(redeploysOf(scenario, service.composeId)).toBe(1);
  }, 240_000);
});
