import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, publishVersion, pushImage } from '../support/env/index.js';
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
