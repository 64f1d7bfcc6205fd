import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../../src/app/index.js';
import { recoverInterruptedRuns } from '../../../src/app/recover.js';
import { openStateStore, StateError } from '../../../src/state/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('recovering from a killed run', () => {
  it('closes the dead run as interrupted and names the steps it left open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recover-'));
    dirs.push(dir);
    const store = openStateStore({ dir, driver: 'json' });
    const dead = store.beginRun({ trigger: 'cli', dryRun: false });
    const pull = store.startOperation({
      runId: dead.id,
      target: 'compose:a',
      kind: 'pull',
      detail: 'reg/a:latest',
    });
    store.endOperation(pull, 'done');
    store.startOperation({
      runId: dead.id,
      target: 'compose:a',
      kind: 'redeploy',
      detail: 'web: reg/a:latest sha256:1 -> sha256:2\nsecond line',
    });

    const warnings = recoverInterruptedRuns(store);

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`the previous run ${dead.id}`);
    expect(warnings[0]).toContain('redeploy of compose:a (web: reg/a:latest sha256:1 -> sha256:2)');
    expect(warnings[0]).not.toContain('pull of');
    expect(store.getRun(dead.id)).toMatchObject({ status: 'interrupted', exitCode: 1 });
    expect(store.openOperations()).toEqual([]);
    expect(recoverInterruptedRuns(store)).toEqual([]);
    store.close();
  });

  it('names an unusable state folder as a state error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recover-'));
    dirs.push(dir);
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    // A folder inside a regular file can never be created (ENOTDIR).
    const lock = acquireRunLock({
      stateDir: join(file, 'state'),
      dokployUrl: 'http://x',
      waitMs: 0,
    });

    await expect(lock).rejects.toBeInstanceOf(StateError);
  });
});
