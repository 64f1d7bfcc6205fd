import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeManifest,
  type FaultProxy,
  pushIndex,
  pushTestImage,
  startFaultProxy,
} from '../integration/registry-support.js';
import { docker, makeImage, publishVersion, pushImage } from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';

// The registry side through the whole run: the real CLI, the Dokploy stand-in, the private engine.

let scenario: Scenario;
let proxy: FaultProxy;
let failManifests = false;

beforeAll(async () => {
  scenario = await Scenario.start();
  proxy = await startFaultProxy(scenario.env.registry.url, (req, res) => {
    if (!failManifests || !req.url?.includes('/manifests/')) return false;
    res.writeHead(503, { 'content-type': 'text/html' }).end('<html>down</html>');
    return true;
  });
});

afterAll(async () => {
  await scenario?.close();
  await proxy?.close();
});

function redeploys(composeId: string): number {
  return scenario.standIn.requests.filter(
    (r) => r.path === '/api/compose.redeploy' && JSON.stringify(r.body).includes(composeId),
  ).length;
}

async function deploy(project: string, services: Record<string, string>) {
  const { environmentId } = await scenario.createProject(project);
  const lines = Object.entries(services).flatMap(([name, image]) => [
    `  ${name}:`,
    `    image: ${image}`,
  ]);
  const compose = await scenario.createCompose(
    environmentId,
    `${project}-app`,
    `services:\n${lines.join('\n')}\n`,
  );
  await scenario.deploy(compose.composeId);
  return compose;
}

describe('multi-arch images: only this host platform counts', () => {
  it('a new index that changed another architecture is no update; an amd64 change is', async () => {
    const { registry, engine } = scenario.env;
    const named = scenario.imageRef('multi');
    const repoRef = named.slice(0, named.lastIndexOf(':'));
    const repo = repoRef.slice(registry.host.length + 1);
    const target = { url: registry.url };
    await makeImage(engine, `${repoRef}:amd64-1`, 'v1');
    await pushImage(engine, `${repoRef}:amd64-1`);
    const amd64 = await describeManifest(scenario.env.registry.url, repo, 'amd64-1');
    const arm = { os: 'linux', architecture: 'arm', variant: 'v5' };
    const armV1 = await pushTestImage(target, repo, 'arm-1', { platform: arm });
    await pushIndex(target, repo, 'latest', [
      { image: amd64, platform: { os: 'linux', architecture: 'amd64' } },
      { image: armV1, platform: arm },
    ]);
    const compose = await deploy('multiarch', { web: `${repoRef}:latest` });
    const armV2 = await pushTestImage(target, repo, 'arm-2', { platform: arm });
    const index2 = await pushIndex(target, repo, 'latest', [
      { image: amd64, platform: { os: 'linux', architecture: 'amd64' } },
      { image: armV2, platform: arm },
    ]);

    const unchanged = await scenario.cli(['run', '--project', 'multiarch', '--json']);

    expect(unchanged.code, JSON.stringify(unchanged.report)).toBe(0);
    expect(unchanged.report?.services[0]?.images[0]).toMatchObject({
      status: 'up-to-date',
      remoteDigest: index2.digest,
      pulled: false,
    });
    expect(unchanged.report?.services[0]?.images[0]?.reason).toContain('linux/amd64');
    // One HEAD for the tag and one GET of the new index, whose amd64 child is a manifest the
    // running image is already known by (it was pushed alone too): nothing else is asked.
    expect(unchanged.report?.registry.requests).toMatchObject({ head: 1, get: 1 });
    expect(redeploys(compose.composeId)).toBe(0);

    await makeImage(engine, `${repoRef}:amd64-2`, 'v2');
    await pushImage(engine, `${repoRef}:amd64-2`);
    const amd64v2 = await describeManifest(scenario.env.registry.url, repo, 'amd64-2');
    const index3 = await pushIndex(target, repo, 'latest', [
      { image: amd64v2, platform: { os: 'linux', architecture: 'amd64' } },
      { image: armV2, platform: arm },
    ]);

    const changed = await scenario.cli(['run', '--project', 'multiarch', '--json']);

    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.report?.services[0]?.images[0]).toMatchObject({
      status: 'updated',
      remoteDigest: index3.digest,
      pulled: true,
    });
    expect(redeploys(compose.composeId)).toBe(1);
  });
});

describe('pinned references and a registry that cannot answer', () => {
  it('reports the pin and the error, pulls nothing, redeploys nothing', async () => {
    const { engine } = scenario.env;
    const pinnedName = scenario.imageRef('pinned');
    await makeImage(engine, pinnedName, 'v1');
    const pin = await pushImage(engine, pinnedName);
    const brokenName = scenario.imageRef('broken');
    await makeImage(engine, brokenName, 'v1');
    await pushImage(engine, brokenName);
    const viaProxy = brokenName.replace(scenario.env.registry.host, proxy.host);
    await docker(engine, ['pull', viaProxy]);
    const compose = await deploy('pins-and-faults', {
      pinned: `${pinnedName}@${pin}`,
      broken: viaProxy,
    });
    const moved = await publishVersion(engine, pinnedName, 'v2');
    const before = [
      ...(await scenario.runningImageIds(compose.appName, 'pinned')),
      ...(await scenario.runningImageIds(compose.appName, 'broken')),
    ];
    failManifests = true;
    const seen = proxy.log.length;

    const result = await scenario.cli(['run', '--project', 'pins-and-faults', '--json']);
    failManifests = false;

    const images = result.report?.services[0]?.images ?? [];
    expect(result.code).toBe(1);
    expect(images.find((i) => i.service === 'pinned')).toMatchObject({
      status: 'skipped',
      currentDigest: pin,
      remoteDigest: moved,
      pulled: false,
    });
    expect(images.find((i) => i.service === 'pinned')?.reason).toContain('pinned by digest');
    const broken = images.find((i) => i.service === 'broken');
    expect(broken).toMatchObject({ status: 'error', pulled: false });
    expect(broken?.reason).toContain('503');
    expect(redeploys(compose.composeId)).toBe(0);
    expect(result.report?.registry.requests).toMatchObject({ head: 2, get: 0 });
    expect([
      ...(await scenario.runningImageIds(compose.appName, 'pinned')),
      ...(await scenario.runningImageIds(compose.appName, 'broken')),
    ]).toEqual(before);
    expect(proxy.log.slice(seen).filter((line) => line.includes('/blobs/'))).toEqual([]);
  });
});
