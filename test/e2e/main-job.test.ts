import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, publishVersion, pushImage } from '../support/env/index.js';
import { checkRequestAgainstOpenApi } from '../support/openapi.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;

beforeAll(async () => {
  scenario = await Scenario.start();
});

afterAll(async () => {
  await scenario?.close();
});

function composeFile(services: Record<string, string>, extra = ''): string {
  const lines = ['services:'];
  for (const [name, image] of Object.entries(services))
    lines.push(`  ${name}:`, `    image: ${image}`);
  return `${lines.join('\n')}\n${extra}`;
}

/** A pushed v1 under a fresh tag, deployed by Dokploy as a compose service of a new project. */
async function deployedService(project: string, services: Record<string, string>, extra = '') {
  const engine = scenario.env.engine;
  for (const reference of new Set(Object.values(services))) {
    await makeImage(engine, reference, 'v1');
    await pushImage(engine, reference);
  }
  const { environmentId } = await scenario.createProject(project);
  const compose = await scenario.createCompose(
    environmentId,
    `${project}-app`,
    composeFile(services, extra),
  );
  await scenario.deploy(compose.composeId);
  return compose;
}

function redeploysOf(composeId: string): number {
  return scenario.standIn.requests.filter(
    (r) => r.path === '/api/compose.redeploy' && JSON.stringify(r.body).includes(composeId),
  ).length;
}

describe('the main job against a real engine, registry and the Dokploy stand-in', () => {
  it('does nothing for a service whose image has not changed', async () => {
    const image = scenario.imageRef('same');
    const compose = await deployedService('unchanged', { web: image });
    const before = await scenario.runningImageIds(compose.appName, 'web');

    const result = await scenario.cli(['run', '--project', 'unchanged', '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.report?.services[0]?.images[0]).toMatchObject({
      status: 'up-to-date',
      pulled: false,
    });
    expect(redeploysOf(compose.composeId)).toBe(0);
    expect(await scenario.runningImageIds(compose.appName, 'web')).toEqual(before);
  });

  it('pulls a new push to the same tag, redeploys once and runs the new image', async () => {
    const image = scenario.imageRef('moved');
    const compose = await deployedService('moved', { web: image });
    const oldId = await scenario.imageId(image);
    const newDigest = await publishUpstream(image, 'v2');

    const result = await scenario.cli(['run', '--project', 'moved', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const service = result.report?.services[0];
    expect(service?.images[0]).toMatchObject({
      status: 'updated',
      pulled: true,
      remoteDigest: newDigest,
    });
    expect(service?.redeploy).toMatchObject({ verified: true, deployment: { status: 'done' } });
    expect(redeploysOf(compose.composeId)).toBe(1);
    const running = await scenario.runningImageIds(compose.appName, 'web');
    expect(running).toHaveLength(1);
    expect(running[0]).not.toBe(oldId);
    const runningImage = await scenario.docker.getImage(running[0] ?? '').inspect();
    expect(runningImage.RepoDigests).toContain(`${image.split(':latest')[0]}@${newDigest}`);
  });
  it('redeploys once when two images of one service changed, and skips an unused image', async () => {
    const web = scenario.imageRef('two-web');
    const worker = scenario.imageRef('two-worker');
    const unused = scenario.imageRef('two-unused');
    await makeImage(scenario.env.engine, unused, 'v1');
    await pushImage(scenario.env.engine, unused);
    // compose v1 starts no service whose profile is not active: `tools` never runs.
    const compose = await deployedService(
      'two-images',
      { web, worker },
      `  tools:\n    image: ${unused}\n    profiles: [manual]\n`,
    );
    await publishUpstream(web, 'v2');
    await publishUpstream(worker, 'v2');

    const result = await scenario.cli(['run', '--project', 'two-images', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const images = result.report?.services[0]?.images ?? [];
    expect(images.map((i) => [i.service, i.status])).toEqual([
      ['web', 'updated'],
      ['worker', 'updated'],
      ['tools', 'skipped'],
    ]);
    expect(images[2]?.reason).toMatch(/no running container/);
    expect(redeploysOf(compose.composeId)).toBe(1);
  });

  it('reports what would change in a dry run and changes nothing', async () => {
    const image = scenario.imageRef('dry');
    const compose = await deployedService('dry-run', { web: image });
    const oldId = await scenario.imageId(image);
    const newDigest = await publishUpstream(image, 'v2');

    const result = await scenario.cli(['run', '--project', 'dry-run', '--dry-run', '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.report?.services[0]?.images[0]).toMatchObject({
      status: 'update-available',
      remoteDigest: newDigest,
      pulled: false,
    });
    expect(redeploysOf(compose.composeId)).toBe(0);
    expect(await scenario.imageId(image)).toBe(oldId);
  });

  it('redeploys without a pull a container left on an old image after someone pulled', async () => {
    const image = scenario.imageRef('stale');
    const compose = await deployedService('stale', { web: image });
    // Published from this engine and left tagged here: the engine already has the new image.
    const newDigest = await publishVersion(scenario.env.engine, image, 'v2');
    const newId = await scenario.imageId(image);

    const result = await scenario.cli(['run', '--project', 'stale', '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.report?.services[0]?.images[0]).toMatchObject({
      status: 'updated',
      pulled: false,
      remoteDigest: newDigest,
    });
    expect(await scenario.runningImageIds(compose.appName, 'web')).toEqual([newId]);
  });

  it('stops with exit code 2 and the known names for an unknown project', async () => {
    await scenario.createProject('Known-Project');
    const before = scenario.standIn.requests.length;

    const result = await scenario.cli(['run', '--project', 'known-project']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('known-project');
    expect(result.stderr).toContain('Known-Project');
    // Nothing but the listing (and the version, read once per run) before the run stops.
    const sent = scenario.standIn.requests.slice(before).map((r) => r.path);
    expect(sent.filter((path) => path !== '/api/settings.getDokployVersion')).toEqual([
      '/api/project.all',
    ]);
  });

  it('reports a failed deployment as that service failed, while another service is updated', async () => {
    const good = scenario.imageRef('ok');
    const bad = scenario.imageRef('broken');
    await makeImage(scenario.env.engine, good, 'v1');
    await pushImage(scenario.env.engine, good);
    await makeImage(scenario.env.engine, bad, 'v1');
    await pushImage(scenario.env.engine, bad);
    const { environmentId } = await scenario.createProject('mixed');
    const okService = await scenario.createCompose(environmentId, 'ok', composeFile({ web: good }));
    const badService = await scenario.createCompose(
      environmentId,
      'broken',
      composeFile({ web: bad }),
    );
    await scenario.deploy(okService.composeId);
    await scenario.deploy(badService.composeId);
    // A custom command replaces Dokploy's default; this one names a file compose cannot find.
    await scenario.call('compose.update', {
      composeId: badService.composeId,
      command: `compose -p ${badService.appName} -f missing-compose.yml up -d`,
    });
    await publishUpstream(good, 'v2');
    await publishUpstream(bad, 'v2');

    const result = await scenario.cli(['run', '--project', 'mixed', '--json']);

    expect(result.code).toBe(1);
    const byName = new Map(result.report?.services.map((s) => [s.name, s]));
    expect(byName.get('ok')?.status).toBe('updated');
    expect(byName.get('broken')).toMatchObject({
      status: 'error',
      redeploy: { deployment: { status: 'error' }, verified: false },
    });
    expect(byName.get('broken')?.images[0]?.reason).toMatch(/deployment error/);
  });

  // Runs last in this file, over every request the runs above sent to the stand-in.
  it('sent Dokploy only paths, methods and input fields that its OpenAPI document declares', () => {
    const requests = scenario.standIn.requests;
    const toolProcedures = new Set(requests.map((r) => r.path));

    const problems = requests.flatMap((r) =>
      checkRequestAgainstOpenApi(r).map((problem) => `${r.method} ${r.path}: ${problem}`),
    );

    expect(problems).toEqual([]);
    for (const procedure of ['/api/project.all', '/api/compose.one', '/api/compose.redeploy']) {
      expect(toolProcedures).toContain(procedure);
    }
    expect(toolProcedures).toContain('/api/deployment.allByCompose');
  });
});

/**
 * A new upstream version: built and pushed from the same engine the services run on, then removed
 * from it again and the tag put back on the old image, as on a host that never pulled it.
 */
async function publishUpstream(image: string, version: string): Promise<string> {
  const oldId = await scenario.imageId(image);
  const digest = await publishVersion(scenario.env.engine, image, version);
  const newId = await scenario.imageId(image);
  await scenario.docker.getImage(oldId).tag(splitTag(image));
  await scenario.docker.getImage(newId).remove({ force: true });
  return digest;
}

function splitTag(reference: string): { repo: string; tag: string } {
  const at = reference.lastIndexOf(':');
  return { repo: reference.slice(0, at), tag: reference.slice(at + 1) };
}
