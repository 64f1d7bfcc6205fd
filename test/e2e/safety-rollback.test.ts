import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/index.js';
import { makeImage, pushImage } from '../support/env/index.js';
import { publishRelease, type ReleaseKind } from '../support/faults/images.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;
const stateDirs: string[] = [];

beforeAll(async () => {
  scenario = await Scenario.start();
});

afterAll(async () => {
  await scenario?.close();
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

/** v1 pushed and deployed as a compose service of a new project; returns what tests need. */
async function deployed(project: string, extra = '') {
  const image = scenario.imageRef(project);
  await makeImage(scenario.env.engine, image, 'v1');
  const v1Digest = await pushImage(scenario.env.engine, image);
  const { environmentId } = await scenario.createProject(project);
  const compose = await scenario.createCompose(
    environmentId,
    `${project}-app`,
    `services:\n  web:\n    image: ${image}\n${extra}`,
  );
  await scenario.deploy(compose.composeId);
  const stateDir = mkdtempSync(join(tmpdir(), 'safety-state-'));
  stateDirs.push(stateDir);
  return { image, v1Digest, v1Id: await scenario.imageId(image), compose, stateDir };
}

/** A release pushed upstream only: the engine keeps v1 under the tag, as on a real host. */
async function release(image: string, kind: ReleaseKind): Promise<string> {
  const v1Id = await scenario.imageId(image);
  const digest = await publishRelease(scenario.env.engine, image, 'v2', kind);
  const newId = await scenario.imageId(image);
  const at = image.lastIndexOf(':');
  await scenario.docker.getImage(v1Id).tag({ repo: image.slice(0, at), tag: image.slice(at + 1) });
  await scenario.docker.getImage(newId).remove({ force: true });
  return digest;
}

function redeploysOf(composeId: string): number {
  return scenario.standIn.requests.filter(
    (r) => r.path === '/api/compose.redeploy' && JSON.stringify(r.body).includes(composeId),
  ).length;
}

describe('verification and rollback on the real engine', () => {
  it('rolls back a release whose container exits at once, then leaves that digest', async () => {
    const restart = '    restart: unless-stopped\n';
    const { image, v1Digest, v1Id, compose, stateDir } = await deployed('exits', restart);
    const badDigest = await release(image, 'exits');
    const args = ['run', '--project', 'exits', '--json', '--rollback', '--state-dir', stateDir];

    const first = await scenario.cli(args);
    const second = await scenario.cli(args);

    expect(first.code, first.stderr).toBe(1);
    const service = first.report?.services[0];
    expect(service?.status).toBe('rolled-back');
    expect(service?.images[0]?.reason).toMatch(/rolled back/);
    expect(service?.redeploy?.rollback).toMatchObject({
      status: 'rolled-back',
      images: [{ newDigest: badDigest, restoredDigest: v1Digest }],
    });
    expect(await scenario.runningImageIds(compose.appName, 'web')).toEqual([v1Id]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.report?.services[0]?.images[0]).toMatchObject({ status: 'skipped' });
    expect(second.report?.services[0]?.images[0]?.reason).toMatch(/rolled back here/);
    expect(redeploysOf(compose.composeId)).toBe(2);
  });

  it('reports an unhealthy release failed without --rollback, remembered, no retry', async () => {
    const { image, compose, stateDir } = await deployed('unhealthy');
    const badDigest = await release(image, 'unhealthy');
    const args = ['run', '--project', 'unhealthy', '--json', '--state-dir', stateDir];

    const first = await scenario.cli([...args, '--verify-timeout', '30']);
    const second = await scenario.cli(args);

    expect(first.code, first.stderr).toBe(1);
    expect(first.report?.services[0]?.images[0]?.status).toBe('error');
    expect(first.report?.services[0]?.images[0]?.reason).toMatch(/unhealthy.*--rollback is off/);
    const store = openStateStore({ dir: stateDir });
    expect(store.listBadDigests()).toMatchObject([{ digest: badDigest, outcome: 'failed' }]);
    expect(store.listRuns().map((r) => r.status)).toEqual(['succeeded', 'failed']);
    store.close();
    // Left on the new image (no rollback), so it is current: the point is that nothing retries.
    expect(second.report?.services[0]?.images[0]?.status).toBe('up-to-date');
    expect(redeploysOf(compose.composeId)).toBe(1);
  });

  it('waits for a healthcheck to pass, then removes the unused old image (--cleanup)', async () => {
    const { image, v1Id, compose } = await deployed('healthy');
    await release(image, 'healthy');

    const result = await scenario.cli(['run', '--project', 'healthy', '--json', '--cleanup']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.report?.services[0]?.redeploy).toMatchObject({ verified: true });
    expect(result.report?.services[0]?.redeploy?.cleanup).toEqual([`removed ${v1Id.slice(0, 19)}`]);
    await expect(scenario.docker.getImage(v1Id).inspect()).rejects.toThrow(/no such image/i);
    const running = await scenario.runningImageIds(compose.appName, 'web');
    expect(running).toHaveLength(1);
    expect(running[0]).not.toBe(v1Id);
  });

  it('holds a new digest back until the first sighting is older than --min-age', async () => {
    const { image, compose, stateDir } = await deployed('cooldown');
    await release(image, 'healthy');
    const args = ['run', '--project', 'cooldown', '--json', '--state-dir', stateDir];

    const early = await scenario.cli([...args, '--min-age', '1h']);
    // An hour passes: the first sighting is moved back rather than waited for.
    const db = new Database(join(stateDir, 'state.db'));
    const moved = db.prepare("UPDATE sightings SET first_seen = '2000-01-01T00:00:00.000Z'").run();
    db.close();
    const late = await scenario.cli([...args, '--min-age', '1h']);

    expect(early.code, early.stderr).toBe(0);
    expect(early.report?.services[0]?.images[0]).toMatchObject({
      status: 'skipped',
      pulled: false,
    });
    expect(early.report?.services[0]?.images[0]?.reason).toMatch(/^cooldown: .* first seen at/);
    expect(moved.changes).toBe(1);
    expect(late.report?.services[0]?.images[0]?.status, late.stdout).toBe('updated');
    expect(redeploysOf(compose.composeId)).toBe(1);
  });
});
