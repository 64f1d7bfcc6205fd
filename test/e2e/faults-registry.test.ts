import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeImage, pushImage } from '../support/env/index.js';
import { type FaultProxy, startFaultProxy } from '../support/faults/proxy.js';
import { Scenario } from '../support/scenario.js';

// One compose service whose image is pulled through a fault-injecting proxy in front of the
// real registry; v2 is pushed straight to the registry, so every run has an update to make.
let scenario: Scenario;
let proxy: FaultProxy;
let composeId: string;
let appName: string;
let v1Id: string;

beforeAll(async () => {
  scenario = await Scenario.start();
  proxy = await startFaultProxy(scenario.env.registry.url);
  const name = `faults-${randomBytes(4).toString('hex')}`;
  const direct = `${scenario.env.registry.host}/${name}:latest`;
  const proxied = `${proxy.host}/${name}:latest`;
  await makeImage(scenario.env.engine, direct, 'v1');
  await pushImage(scenario.env.engine, direct);
  const { environmentId } = await scenario.createProject('registry-faults');
  const compose = await scenario.createCompose(
    environmentId,
    'app',
    `services:\n  web:\n    image: ${proxied}\n`,
  );
  composeId = compose.composeId;
  appName = compose.appName;
  await scenario.deploy(composeId);
  v1Id = await scenario.imageId(proxied);
  await makeImage(scenario.env.engine, direct, 'v2');
  await pushImage(scenario.env.engine, direct);
  // Upstream only: the engine must download v2's layer through the proxy.
  await scenario.docker.getImage(direct).remove({ force: true });
});

afterAll(async () => {
  await proxy?.close();
  await scenario?.close();
});

beforeEach(() => proxy.setRules([]));

function redeploys(): number {
  return scenario.standIn.requests.filter((r) => r.path === '/api/compose.redeploy').length;
}

async function run() {
  return scenario.cli(['run', '--project', 'registry-faults', '--json', '--rollback']);
}

/** The fault cost one image an error: exit 1, nothing redeployed, v1 still running. */
async function expectUntouched(result: Awaited<ReturnType<typeof run>>, reason: RegExp) {
  expect(result.code, result.stderr).toBe(1);
  expect(result.report?.services[0]?.images[0]?.status).toBe('error');
  expect(result.report?.services[0]?.images[0]?.reason).toMatch(reason);
  expect(redeploys()).toBe(0);
  expect(await scenario.runningImageIds(appName, 'web')).toEqual([v1Id]);
}

describe('registry faults on the real engine and registry', () => {
  it('registry down: an error, never "no update"', async () => {
    await proxy.pause();
    const result = await run().finally(() => proxy.resume());

    await expectUntouched(result, /ECONNREFUSED|unavailable|cannot be reached|refused/i);
  });

  it('registry answering 503 to manifest requests', async () => {
    proxy.setRules([{ method: 'HEAD', path: /\/manifests\//, action: { status: 503 } }]);

    await expectUntouched(await run(), /503/);
  });

  it('registry answering 429 with Retry-After every time', async () => {
    const action = { status: 429, headers: { 'retry-after': '1' } };
    proxy.setRules([{ method: 'HEAD', path: /\/manifests\//, action }]);

    await expectUntouched(await run(), /429|rate.limit/i);
  });

  it('token server down: the registry sends clients to a realm nobody answers', async () => {
    const realm = `http://127.0.0.1:${await closedPort()}/token`;
    const challenge = `Bearer realm="${realm}",service="registry",scope="repository:x:pull"`;
    const action = { status: 401, headers: { 'www-authenticate': challenge } };
    proxy.setRules([{ method: 'HEAD', path: /\/manifests\//, action }]);

    await expectUntouched(await run(), /token|ECONNREFUSED|unavailable|refused/i);
  });

  it('pull cut off while reading the manifest: not redeployed', async () => {
    proxy.setRules([{ method: 'GET', path: /\/manifests\//, action: { reset: true } }]);

    await expectUntouched(await run(), /pull failed/);
  });

  it('a layer download cut once: the engine resumes, the update is verified', async () => {
    proxy.setRules([
      { method: 'GET', path: /\/blobs\//, action: { cutAfterBytes: 4096 }, times: 1 },
    ]);

    const result = await run();

    expect(result.code, result.stderr).toBe(0);
    expect(proxy.log.some((line) => line.startsWith('!GET') && line.includes('/blobs/'))).toBe(
      true,
    );
    expect(result.report?.services[0]?.images[0]?.status).toBe('updated');
    expect(redeploys()).toBe(1);
  });
});

/** A loopback port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
