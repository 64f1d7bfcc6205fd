import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/env/exec.js';
import {
  type Engine,
  makeImage,
  publishVersion,
  pushImage,
  startEngine,
} from '../support/env/index.js';
import { type SshHost, startSshHost } from '../support/env/sshd.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;
let remote: Engine;
let ssh: SshHost;

beforeAll(async () => {
  scenario = await Scenario.start();
  remote = await startEngine({ name: 'ssh' });
  ssh = await startSshHost({ dockerHost: remote.host });
});

afterAll(async () => {
  await scenario?.close();
  await ssh?.stop();
  await remote?.stop();
});

async function imageIdOn(docker: Docker, ref: string): Promise<string | undefined> {
  return (
    await docker
      .getImage(ref)
      .inspect()
      .catch(() => undefined)
  )?.Id;
}

describe('services on remote servers, reached over SSH', () => {
  it('pulls on the remote engine, and a server that is down fails only its services', async () => {
    const local = scenario.docker;
    const far = new Docker({ socketPath: remote.socketPath });
    const refs = {
      edge: scenario.imageRef('edge'),
      down: scenario.imageRef('downhost'),
      impostor: scenario.imageRef('impostor'),
      home: scenario.imageRef('home'),
    };
    for (const ref of Object.values(refs)) {
      await makeImage(scenario.env.engine, ref, 'v1');
      await pushImage(scenario.env.engine, ref);
    }
    const state = scenario.standIn.state;
    const edge = state.addServer({
      name: 'edge',
      ipAddress: '127.0.0.1',
      port: ssh.port,
      username: ssh.user,
      dockerHost: remote.host,
    });
    // The same sshd under another name, whose pinned host key does not match: an impostor.
    const impostor = state.addServer({
      name: 'impostor',
      ipAddress: '127.0.0.1',
      port: ssh.port,
      username: ssh.user,
      dockerHost: remote.host,
    });
    const closedPort = await freePort();
    const down = state.addServer({
      name: 'down',
      ipAddress: '127.0.0.1',
      port: closedPort,
      username: ssh.user,
      dockerHost: remote.host,
    });
    const { environmentId } = await scenario.createProject('remote');
    const services = [
      ['on-edge', refs.edge, edge.serverId],
      ['on-down', refs.down, down.serverId],
      ['on-impostor', refs.impostor, impostor.serverId],
      ['at-home', refs.home, null],
    ] as const;
    for (const [name, ref, serverId] of services) {
      const file = `services:\n  web:\n    image: ${ref}\n`;
      const created = await scenario.call<{ composeId: string }>('compose.create', {
        name,
        environmentId,
        composeFile: file,
        serverId,
      });
      await scenario.deploy(created.composeId);
    }
    const localEdgeId = await imageIdOn(local, refs.edge);
    const remoteEdgeId = await imageIdOn(far, refs.edge);
    for (const ref of Object.values(refs)) await publishVersion(scenario.env.engine, ref, 'v2');
    // The local engine built v2 to push it; put its tag back on v1 so a pull here would show.
    await makeImage(scenario.env.engine, refs.edge, 'v1');
    const localBefore = await imageIdOn(local, refs.edge);
    const config = join(remote.dir, 'autoupdate.yml');
    const wrongKey = `SHA256:${'A'.repeat(43)}`;
    writeFileSync(
      config,
      `sshPrivateKeyFile: ${ssh.keyFile}\nservers:\n` +
        `  edge: { hostKeySha256: "${ssh.hostKeySha256}" }\n` +
        `  impostor: { hostKeySha256: "${wrongKey}" }\n`,
    );

    const result = await scenario.cli(['run', '--project', 'remote', '--json'], {
      DOKPLOY_AUTOUPDATE_CONFIG: config,
    });

    const byName = (name: string) => result.report?.services.find((s) => s.name === name);
    expect(result.code, result.stderr).toBe(1);
    expect(byName('on-edge')?.images[0]).toMatchObject({ status: 'updated', pulled: true });
    expect(byName('on-edge')?.redeploy?.verified).toBe(true);
    expect(byName('on-down')).toMatchObject({ status: 'error', action: 'error' });
    expect(byName('on-down')?.reason).toContain('"down"');
    expect(byName('on-impostor')).toMatchObject({ status: 'error', action: 'error' });
    expect(byName('on-impostor')?.reason).toMatch(/host key that does not match/);
    expect(byName('on-impostor')?.images ?? []).toHaveLength(0);
    expect(byName('at-home')?.images[0]).toMatchObject({ status: 'updated' });
    expect(remoteEdgeId).toBeDefined();
    expect(localEdgeId).toBeDefined();
    expect(await imageIdOn(far, refs.edge)).not.toBe(remoteEdgeId);
    expect(await imageIdOn(local, refs.edge)).toBe(localBefore);
  });
});
