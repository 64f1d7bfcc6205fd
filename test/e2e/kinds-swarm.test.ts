import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initSwarm,
  leaveSwarm,
  makeImage,
  publishVersion,
  pushImage,
} from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;
let startedSwarm = false;

beforeAll(async () => {
  scenario = await Scenario.start();
  const info = (await scenario.docker.info()) as { Swarm?: { LocalNodeState?: string } };
  if (info.Swarm?.LocalNodeState !== 'active') {
    await initSwarm(scenario.env.engine);
    startedSwarm = true;
  }
});

afterAll(async () => {
  const names = [...(scenario?.standIn.state.applications.values() ?? [])].map((a) => a.appName);
  for (const compose of scenario?.standIn.state.composes.values() ?? []) {
    const filters = { label: [`com.docker.stack.namespace=${compose.appName}`] };
    for (const s of await scenario.docker.listServices({ filters })) names.push(s.ID);
  }
  for (const name of names) {
    await scenario.docker
      .getService(name)
      .remove()
      .catch(() => undefined);
  }
  await scenario?.close();
  if (startedSwarm) await leaveSwarm(scenario.env.engine);
});

/** The digests the running tasks of a swarm service run, as swarm pinned them or RepoDigests. */
async function runningDigests(service: string): Promise<string[]> {
  const tasks = (await scenario.docker.listTasks({
    filters: { service: [service], 'desired-state': ['running'] },
  })) as Array<{
    Spec: { ContainerSpec: { Image: string } };
    Status: { State: string; ContainerStatus?: { ContainerID?: string } };
  }>;
  const digests: string[] = [];
  for (const task of tasks.filter((t) => t.Status.State === 'running')) {
    const pinned = task.Spec.ContainerSpec.Image.split('@')[1];
    if (pinned) digests.push(pinned);
    else {
      const id = task.Status.ContainerStatus?.ContainerID ?? '';
      const image = (await scenario.docker.getContainer(id).inspect()).Image;
      const repo = (await scenario.docker.getImage(image).inspect()).RepoDigests ?? [];
      digests.push(...repo.map((r) => r.split('@')[1] ?? ''));
    }
  }
  return digests;
}

async function untilRunning(service: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if ((await runningDigests(service).catch(() => [])).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${service} never got a running task`);
}

function calls(path: string, id: string): number {
  return scenario.standIn.requests.filter(
    (r) => r.path === path && JSON.stringify(r.body).includes(id),
  ).length;
}

describe('swarm kinds: a compose stack and a docker-image application', () => {
  it('leaves unchanged ones alone, then redeploys each once and runs the new digest', async () => {
    const engine = scenario.env.engine;
    const stackImage = scenario.imageRef('stacked');
    const appImage = scenario.imageRef('swarmapp');
    for (const ref of [stackImage, appImage]) {
      await makeImage(engine, ref, 'v1', { mode: 'sleep' });
      await pushImage(engine, ref);
    }
    const { environmentId } = await scenario.createProject('swarmy');
    const stack = await scenario.call<{ composeId: string; appName: string }>('compose.create', {
      name: 'stacked',
      environmentId,
      composeType: 'stack',
      composeFile: `version: "3.8"\nservices:\n  web:\n    image: ${stackImage}\n`,
    });
    await scenario.deploy(stack.composeId);
    const app = await scenario.call<{ applicationId: string; appName: string }>(
      'application.create',
      { name: 'imaged', environmentId },
    );
    await scenario.call('application.saveDockerProvider', {
      applicationId: app.applicationId,
      dockerImage: appImage,
      username: null,
      password: null,
      registryUrl: null,
    });
    await scenario.call('application.create', { name: 'from-git', environmentId });
    await scenario.call('application.deploy', { applicationId: app.applicationId });
    await scenario.standIn.idle();
    await untilRunning(`${stack.appName}_web`);
    await untilRunning(app.appName);

    const quiet = await scenario.cli(['run', '--project', 'swarmy', '--json']);

    expect(quiet.code, quiet.stderr).toBe(0);
    const byName = (name: string) => quiet.report?.services.find((s) => s.name === name);
    expect(byName('stacked')?.images[0]?.status).toBe('up-to-date');
    expect(byName('imaged')?.images[0]?.status).toBe('up-to-date');
    expect(byName('from-git')).toMatchObject({ action: 'skip', status: 'skipped' });
    expect(byName('from-git')?.reason).toContain('not applicable');
    expect(calls('/api/compose.redeploy', stack.composeId)).toBe(0);
    expect(calls('/api/application.deploy', app.applicationId)).toBe(1);

    const stackDigest = await publishVersion(engine, stackImage, 'v2', { mode: 'sleep' });
    const appDigest = await publishVersion(engine, appImage, 'v2', { mode: 'sleep' });
    const result = await scenario.cli(['run', '--project', 'swarmy', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const updated = (name: string) => result.report?.services.find((s) => s.name === name);
    expect(updated('stacked')?.images[0]).toMatchObject({ status: 'updated', pulled: false });
    expect(updated('stacked')?.redeploy).toMatchObject({
      method: 'compose.redeploy',
      verified: true,
    });
    expect(updated('imaged')?.images[0]).toMatchObject({ status: 'updated', pulled: false });
    expect(updated('imaged')?.redeploy).toMatchObject({
      method: 'application.deploy',
      verified: true,
    });
    expect(calls('/api/compose.redeploy', stack.composeId)).toBe(1);
    expect(calls('/api/application.deploy', app.applicationId)).toBe(2);
    expect(await runningDigests(`${stack.appName}_web`)).toEqual([stackDigest]);
    expect(await runningDigests(app.appName)).toEqual([appDigest]);
  });
});
