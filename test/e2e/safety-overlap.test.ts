import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../src/app/index.js';
import { openStateStore } from '../../src/state/index.js';
import { startCli, until } from '../support/faults/cli.js';
import { pendingUpdate as pendingUpdateFor } from '../support/faults/pending.js';
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

/** A deployed v1 with v2 waiting upstream, and a state folder of its own. */
async function pendingUpdate(project: string) {
  const { compose } = await pendingUpdateFor(scenario, project);
  const stateDir = mkdtempSync(join(tmpdir(), 'overlap-state-'));
  stateDirs.push(stateDir);
  return { compose, stateDir };
}

function redeploysOf(composeId: string): number {
  return scenario.standIn.requests.filter(
    (r) => r.path === '/api/compose.redeploy' && JSON.stringify(r.body).includes(composeId),
  ).length;
}

describe('never overlap, never half-done', () => {
  it('runs two runs started together one after the other: one redeploy in all', async () => {
    const { compose, stateDir } = await pendingUpdate('twins');
    const args = [
      'run',
      '--project',
      'twins',
      '--json',
      '--settle-time',
      '1',
      '--lock-wait',
      '120',
    ];

    const results = await Promise.all([
      startCli(scenario, args, stateDir).done,
      startCli(scenario, args, stateDir).done,
    ]);

    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const statuses = results.map((r) => r.report?.services[0]?.images[0]?.status).sort();
    expect(statuses).toEqual(['up-to-date', 'updated']);
    expect(redeploysOf(compose.composeId)).toBe(1);
  });

  it('exits 1 naming the holder when another run holds the lock past --lock-wait', async () => {
    const { compose, stateDir } = await pendingUpdate('busy');
    const lock = await acquireRunLock({ stateDir, dokployUrl: scenario.standIn.url, waitMs: 0 });

    const result = await startCli(
      scenario,
      ['run', '--project', 'busy', '--lock-wait', '0'],
      stateDir,
    ).done;
    lock.release();

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/another run on this Dokploy is in progress \(process \d+/);
    expect(redeploysOf(compose.composeId)).toBe(0);
  });

  it('SIGKILL mid-redeploy: the next run reports what was left, no second redeploy', async () => {
    const { compose, stateDir } = await pendingUpdate('killed');
    const killed = startCli(scenario, ['run', '--project', 'killed', '--json'], stateDir);
    await until(() => redeploysOf(compose.composeId) === 1);

    killed.kill('SIGKILL');
    const first = await killed.done;
    await scenario.standIn.idle();
    const next = await scenario.cli([
      'run',
      '--project',
      'killed',
      '--json',
      '--state-dir',
      stateDir,
    ]);

    expect(first.report).toBeUndefined();
    expect(next.code, next.stderr).toBe(0);
    expect(next.report?.warnings.join('\n')).toMatch(
      new RegExp(`was interrupted: .*redeploy of compose:${compose.composeId}`),
    );
    expect(next.report?.services[0]?.images[0]?.status).toBe('up-to-date');
    expect(redeploysOf(compose.composeId)).toBe(1);
    const store = openStateStore({ dir: stateDir });
    expect(store.listRuns().map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
    expect(store.openOperations()).toEqual([]);
    store.close();
  });

  it('on SIGTERM mid-run, abandons the step cleanly, records it and exits 1', async () => {
    const { compose, stateDir } = await pendingUpdate('termed');
    const args = ['run', '--project', 'termed', '--json', '--settle-time', '5'];
    const running = startCli(scenario, args, stateDir);
    await until(() => redeploysOf(compose.composeId) === 1);

    running.kill('SIGTERM');
    const result = await running.done;
    await scenario.standIn.idle();

    expect(result.code).toBe(1);
    expect(result.report?.interrupted).toMatch(/stopped by SIGTERM/);
    expect(result.report?.services[0]?.images[0]?.status).toBe('error');
    const store = openStateStore({ dir: stateDir });
    const [run] = store.listRuns();
    expect(run).toMatchObject({ status: 'interrupted', exitCode: 1 });
    expect(store.getRun(run?.id ?? '')?.operations.some((o) => o.outcome === 'abandoned')).toBe(
      true,
    );
    store.close();
  });
});
