import { randomBytes } from 'node:crypto';
import type { EngineFacts } from './engine.js';
import { engineRequest } from './engine-api.js';
import { freePort } from './exec.js';

/**
 * Makes the engine a single-node swarm manager advertising 127.0.0.1, like
 * `docker swarm init --advertise-addr 127.0.0.1`, but listening on a free port instead of 2377:
 * every private engine shares the host's network namespace, so a second engine (or any other
 * swarm on the machine) would find 2377 taken. The gossip port 7946 cannot be moved in engine
 * 20.10; when it is taken the daemon logs "failed to create memberlist" and a single node still
 * runs services and stacks, since gossip only matters between nodes.
 */
export async function initSwarm(engine: Pick<EngineFacts, 'socketPath'>): Promise<string> {
  await createGatewayBridge(engine);
  const port = await freePort();
  const res = await engineRequest(engine.socketPath, 'POST', '/swarm/init', {
    ListenAddr: `127.0.0.1:${port}`,
    AdvertiseAddr: '127.0.0.1',
  });
  if (res.status !== 200) throw new Error(`swarm init answered ${res.status}: ${res.body}`);
  return JSON.parse(res.body) as string;
}

export async function leaveSwarm(engine: Pick<EngineFacts, 'socketPath'>): Promise<void> {
  await engineRequest(engine.socketPath, 'POST', '/swarm/leave?force=true');
}

/**
 * Swarm tasks reach the outside through a network named docker_gwbridge, whose Linux bridge is
 * also called docker_gwbridge unless that network already exists. Engines sharing the host's
 * namespace would then share one bridge that only its creator manages, and tasks on the others
 * fail with "network sandbox join failed". Creating the network ahead of `swarm init`, with a
 * bridge name of our own, is the documented way to customise it.
 */
async function createGatewayBridge(engine: Pick<EngineFacts, 'socketPath'>): Promise<void> {
  // Linux interface names are at most 15 characters.
  const bridgeName = `dgw${randomBytes(4).toString('hex')}`;
  const res = await engineRequest(engine.socketPath, 'POST', '/networks/create', {
    Name: 'docker_gwbridge',
    Driver: 'bridge',
    CheckDuplicate: true,
    Options: {
      'com.docker.network.bridge.name': bridgeName,
      'com.docker.network.bridge.enable_icc': 'false',
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
    },
  });
  // 409: it exists already on this engine (swarm initialised before), which is fine.
  if (res.status !== 201 && res.status !== 409) {
    throw new Error(`creating docker_gwbridge answered ${res.status}: ${res.body}`);
  }
}
