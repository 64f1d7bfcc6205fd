import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/index.js';
import { startCli, until } from '../support/faults/cli.js';
import { pendingUpdate, redeploysOf } from '../support/faults/pending.js';
import { type FaultProxy, startFaultProxy } from '../support/faults/proxy.js';
import { Scenario } from '../support/scenario.js';

// Dokploy (the stand-in) and the engine each behind a fault-injecting proxy of their own.
let scenario: Scenario;
let dokploy: FaultProxy;
let engine: FaultProxy;
const stateDirs: string[] = [];

beforeAll(async () => {
  scenario = await Scenario.start();
  dokploy = await startFaultProxy(scenario.standIn.url);
  engine = await startFaultProxy(scenario.env.engine.host.replace('unix://', ''));
});

afterAll(async () => {
  await dokploy?.close();
  await engine?.close();
  await scenario?.close();
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faults-state-'));
  stateDirs.push(dir);
  return dir;
}

const viaProxy = () => ({ DOKPLOY_URL: `http://${dokploy.host}` });

describe('Dokploy and engine faults', () => {
  it('Dokploy answering 500 to the redeploy: that service failed, v1 keeps running', async () => {
    const { compose, v1Id } = await pendingUpdate(scenario, 'redeploy-500');
    const body = JSON.stringify({
      message: 'Internal server error',
      code: 'INTERNAL_SERVER_ERROR',
    });
    dokploy.setRules([
      { method: 'POST', path: /compose\.redeploy/, action: { status: 500, body } },
    ]);

    const result = await scenario.cli(
      ['run', '--project', 'redeploy-500', '--json', '--rollback'],
      viaProxy(),
    );
    dokploy.setRules([]);

    expect(result.code, result.stderr).toBe(1);
    const service = result.report?.services[0];
    expect(service?.images[0]).toMatchObject({ status: 'error', pulled: true });
    expect(service?.images[0]?.reason).toMatch(/redeploy failed.*500/);
    expect(service?.redeploy?.rollback).toBeUndefined();
    expect(redeploysOf(scenario, compose.composeId)).toBe(0);
    expect(await scenario.runningImageIds(compose.appName, 'web')).toEqual([v1Id]);
  });

  it('a deployment that never shows as finished: bounded by --deploy-timeout', async () => {
    const { compose } = await pendingUpdate(scenario, 'never-done');
    dokploy.setRules([{ path: /deployment\.allByCompose/, action: { status: 200, body: '[]' } }]);

    const result = await scenario.cli(
      ['run', '--project', 'never-done', '--json', '--deploy-timeout', '3', '--poll-interval', '1'],
      viaProxy(),
    );
    dokploy.setRules([]);
    await scenario.standIn.idle();

    expect(result.code, result.stderr).toBe(1);
    expect(result.report?.services[0]?.images[0]?.status).toBe('error');
    expect(result.report?.services[0]?.images[0]?.reason).toMatch(/3 s|3000 ms|timed out|within/);
    expect(redeploysOf(scenario, compose.composeId)).toBe(1);
    expect(await scenario.runningImageIds(compose.appName, 'web')).toHaveLength(1);
  });

  it('engine gone mid-run (dockerd restart): unverified, no rollback, not remembered', async () => {
    const { compose } = await pendingUpdate(scenario, 'engine-gone');
    const dir = stateDir();
    const args = ['run', '--project', 'engine-gone', '--json', '--rollback', '--settle-time', '5'];
    const running = startCli(scenario, args, dir, { DOCKER_HOST: `tcp://${engine.host}` });
    await until(() => redeploysOf(scenario, compose.composeId) === 1);

    await engine.pause();
    const result = await running.done;
    await engine.resume();
    await scenario.standIn.idle();
    const next = await startCli(scenario, ['run', '--project', 'engine-gone', '--json'], dir, {
      DOCKER_HOST: `tcp://${engine.host}`,
    }).done;

    expect(result.code, result.stderr).toBe(1);
    expect(result.report?.services[0]?.images[0]?.status).toBe('error');
    expect(result.report?.services[0]?.redeploy?.rollback).toBeUndefined();
    const store = openStateStore({ dir });
    expect(store.listBadDigests()).toEqual([]);
    store.close();
    expect(next.code, next.stderr).toBe(0);
    expect(next.report?.services[0]?.images[0]?.status).toBe('up-to-date');
    expect(redeploysOf(scenario, compose.composeId)).toBe(1);
  });
});
