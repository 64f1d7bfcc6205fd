import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/report/index.js';
import { openStateStore, type StateDriver, type StateStore } from '../../../src/state/index.js';

const dirs: string[] = [];
const stores: StateStore[] = [];

function open(driver: StateDriver, dir = mkdtempSync(join(tmpdir(), 'state-'))) {
  dirs.push(dir);
  const store = openStateStore({
    dir,
    driver,
    historyLimit: 3,
    redact: (text) => text.split('s3cr3t-value').join('[redacted]'),
  });
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function report(errors: string[] = []): RunReport {
  return {
    dryRun: false,
    startedAt: '2025-01-01T04:00:00.000Z',
    finishedAt: '2025-01-01T04:01:00.000Z',
    dokploy: { url: 'http://127.0.0.1:3000', calls: 3 },
    engine: 'unix:///var/run/docker.sock',
    services: [],
    registry: { requests: {} },
    warnings: [],
    errors,
    summary: {
      services: 0,
      images: 0,
      upToDate: 0,
      updated: 0,
      updateAvailable: 0,
      skipped: 0,
      errors: errors.length,
    },
    exitCode: errors.length ? 1 : 0,
  };
}

describe.each(['sqlite', 'json'] as const)('state store (%s)', (driver) => {
  it('keeps the first sighting of a digest, whatever later runs see', () => {
    const store = open(driver);

    const first = store.noteSighting(
      'reg/app:latest',
      'sha256:aa',
      new Date('2025-01-01T00:00:00Z'),
    );
    const again = store.noteSighting(
      'reg/app:latest',
      'sha256:aa',
      new Date('2025-02-01T00:00:00Z'),
    );

    expect(first).toBe('2025-01-01T00:00:00.000Z');
    expect(again).toBe(first);
    expect(store.firstSeen('reg/app:latest', 'sha256:bb')).toBeUndefined();
  });

  it('remembers bad digests per service and forgets them on request', () => {
    const store = open(driver);
    const entry = {
      target: 'compose:c1',
      reference: 'reg/app:latest',
      digest: 'sha256:bad',
      outcome: 'rolled-back' as const,
      reason: 'container exited',
      previousDigest: 'sha256:good',
      at: '2025-01-01T00:00:00.000Z',
    };

    store.rememberBadDigest(entry);
    store.rememberBadDigest({ ...entry, reason: 'unhealthy' });

    expect(store.badDigest('compose:c1', 'reg/app:latest', 'sha256:bad')).toEqual({
      ...entry,
      reason: 'unhealthy',
    });
    expect(store.badDigest('compose:c2', 'reg/app:latest', 'sha256:bad')).toBeUndefined();
    expect(store.listBadDigests('compose:c1')).toHaveLength(1);
    expect(store.forgetBadDigest('compose:c1', 'reg/app:latest')).toBe(1);
    expect(store.listBadDigests()).toEqual([]);
  });

  it('keeps one last state per service', () => {
    const store = open(driver);
    const base = { runId: 'r1', at: '2025-01-01T00:00:00.000Z' };
    const service = { name: 'web' } as never;

    store.saveServiceState({ ...base, target: 'compose:b', status: 'updated', report: service });
    store.saveServiceState({ ...base, target: 'compose:a', status: 'error', report: service });
    store.saveServiceState({ ...base, target: 'compose:a', status: 'up-to-date', report: service });

    expect(store.listServiceStates().map((s) => [s.target, s.status])).toEqual([
      ['compose:a', 'up-to-date'],
      ['compose:b', 'updated'],
    ]);
    expect(store.getServiceState('compose:b')?.report).toEqual({ name: 'web' });
  });

  it('records runs with their report and operations, newest first, pruning old history', () => {
    const store = open(driver);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const run = store.beginRun({
        trigger: 'cli',
        dryRun: false,
        startedAt: `2025-01-0${i + 1}T00:00:00.000Z`,
      });
      const op = store.startOperation({
        runId: run.id,
        target: 'compose:a',
        kind: 'redeploy',
        detail: 'x',
      });
      store.endOperation(op, 'done');
      store.finishRun(run.id, { status: 'succeeded', exitCode: 0, report: report() });
      ids.push(run.id);
    }

    const listed = store.listRuns();
    const detail = store.getRun(ids[4] ?? '');

    // Pruned when a run begins: the three newest finished ones then, and the new one.
    expect(listed.map((r) => r.id)).toEqual([ids[4], ids[3], ids[2], ids[1]]);
    expect(listed[0]).toMatchObject({ status: 'succeeded', exitCode: 0, trigger: 'cli' });
    expect(listed[0]?.summary?.services).toBe(0);
    expect(detail?.report?.engine).toBe('unix:///var/run/docker.sock');
    expect(detail?.operations).toMatchObject([{ kind: 'redeploy', outcome: 'done' }]);
    expect(store.getRun(ids[0] ?? '')).toBeUndefined();
    expect(store.listRuns({ limit: 1, offset: 1 }).map((r) => r.id)).toEqual([ids[3]]);
  });

  it('shows what an unfinished run left open, across a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'));
    const store = open(driver, dir);
    const run = store.beginRun({ trigger: 'cli', dryRun: false });
    store.startOperation({ runId: run.id, target: 'compose:a', kind: 'redeploy', detail: 'v2' });
    store.close();
    stores.pop();

    const reopened = open(driver, dir);

    expect(reopened.unfinishedRuns().map((r) => r.id)).toEqual([run.id]);
    expect(reopened.openOperations()).toMatchObject([
      { runId: run.id, target: 'compose:a', kind: 'redeploy', detail: 'v2' },
    ]);
    reopened.finishRun(run.id, { status: 'interrupted', exitCode: 1, note: 'killed' });
    expect(reopened.unfinishedRuns()).toEqual([]);
    expect(reopened.getRun(run.id)).toMatchObject({ status: 'interrupted', note: 'killed' });
  });

  it('never writes a registered secret to disk', () => {
    const store = open(driver);
    const run = store.beginRun({ trigger: 'cli', dryRun: false });

    store.finishRun(run.id, { status: 'failed', exitCode: 1, report: report(['s3cr3t-value']) });
    store.rememberBadDigest({
      target: 't',
      reference: 'r',
      digest: 'd',
      outcome: 'failed',
      reason: 'auth s3cr3t-value',
      at: '2025-01-01T00:00:00.000Z',
    });
    store.close();
    stores.pop();

    for (const name of ['state.db', 'state.db-wal', 'state.json']) {
      let text = '';
      try {
        text = readFileSync(join(store.file, '..', name), 'latin1');
      } catch {
        continue;
      }
      expect(text).not.toContain('s3cr3t-value');
    }
    expect(readFileSync(store.file, 'latin1')).toContain('[redacted]');
  });
});
