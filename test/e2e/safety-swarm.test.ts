import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSwarm, leaveSwarm, makeImage, pushImage } from '../support/env/index.js';
import { publishRelease } from '../support/faults/images.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;
let startedSwarm = false;
const services: string[] = [];

beforeAll(async () => {
  scenario = await Scenario.start();
  const info = (await scenario.docker.info()) as { Swarm?: { LocalNodeState?: string } };
  if (info.Swarm?.LocalNodeState !== 'active') {
    await initSwarm(scenario.env.engine);
    startedSwarm = true;
  }
});

afterAll(async () => {
  for (const name of services) {
    await scenario.docker
      .getService(name)
      .remove()
      .catch(() => undefined);
  }
  await scenario?.close();
  if (startedSwarm) await leaveSwarm(scenario.env.engine);
});

async function specImage(name: string): Promise<string> {
  const info = (await scenario.docker.getService(name).inspect()) as {
    Spec: { TaskTemplate: { ContainerSpec: { Image: string } } };
  };
  return info.Spec.TaskTemplate.ContainerSpec.Image;
}

async function runningTaskImages(name: string): Promise<string[]> {
  const tasks = (await scenario.docker.listTasks({
    filters: { service: [name], 'desired-state': ['running'] },
  })) as Array<{ Spec: { ContainerSpec: { Image: string } }; Status: { State: string } }>;
  return tasks.filter((t) => t.Status.State === 'running').map((t) => t.Spec.ContainerSpec.Image);
}

/** Waits (bounded) until the service has a running task: a readiness wait, not a measurement. */
async function taskRunning(name: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if ((await runningTaskImages(name)).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`service ${name} has no running task`);
}

describe('rollback of a swarm service (Dokploy application)', () => {
  it('pins the service back to tag@old digest through the Engine API, not Dokploy', async () => {
    const image = scenario.imageRef('swarm-rollback');
    await makeImage(scenario.env.engine, image, 'v1', { mode: 'sleep' });
    const v1Digest = await pushImage(scenario.env.engine, image);
    const { environmentId } = await scenario.createProject('swarm-rollback');
    const app = await scenario.call<{ applicationId: string; appName: string }>(
      'application.create',
      { name: 'svc', environmentId },
    );
    services.push(app.appName);
    await scenario.call('application.saveDockerProvider', {
      applicationId: app.applicationId,
      dockerImage: image,
      username: null,
      password: null,
      registryUrl: null,
    });
    await scenario.call('application.deploy', { applicationId: app.applicationId });
    await scenario.standIn.idle();
    // The release below is built on this same engine under the same tag: a task still starting
    // could pick it up, so v1 must be running first.
    await taskRunning(app.appName);
    const badDigest = await publishRelease(scenario.env.engine, image, 'v2', 'exits');
    const args = ['run', '--project', 'swarm-rollback', '--json', '--rollback'];
    const bounds = ['--deploy-timeout', '15', '--verify-timeout', '60', '--settle-time', '5'];

    const result = await scenario.cli([...args, ...bounds]);

    expect(result.code, result.stderr).toBe(1);
    const service = result.report?.services[0];
    expect(service?.status).toBe('rolled-back');
    expect(service?.redeploy?.rollback).toMatchObject({
      status: 'rolled-back',
      method: 'service.update',
      images: [{ newDigest: badDigest, restoredDigest: v1Digest }],
    });
    expect(service?.redeploy?.rollback?.note).toMatch(/next deploy .* tag again/);
    expect(await specImage(app.appName)).toMatch(new RegExp(`@${v1Digest}$`));
    expect(await runningTaskImages(app.appName)).toEqual([expect.stringContaining(v1Digest)]);
    const deploys = scenario.standIn.requests.filter((r) => r.path === '/api/application.deploy');
    expect(deploys).toHaveLength(2);
  });
});
