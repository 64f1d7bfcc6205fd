import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock, RunLockBusyError } from '../../../src/app/index.js';

const dirs: string[] = [];
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const url = 'http://127.0.0.1:3000';

// A pid that surely belongs to no process: one that has just exited.
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
}

describe('run lock', () => {
  it('refuses a second holder and names the first, then frees on release', async () => {
    const dir = stateDir();
    const first = await acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });

    const second = acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });

    await expect(second).rejects.toBeInstanceOf(RunLockBusyError);
    await expect(second).rejects.toThrow(`process ${process.pid}`);
    first.release();
    const third = await acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });
    third.release();
  });

  it('is per Dokploy instance', async () => {
    const dir = stateDir();
    const one = await acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });

    const other = await acquireRunLock({ stateDir: dir, dokployUrl: 'http://other', waitMs: 0 });

    expect(other.file).not.toBe(one.file);
    one.release();
    other.release();
  });

  it('takes over a lock whose holder on this host is gone (crash, SIGKILL)', async () => {
    const dir = stateDir();
    const probe = await acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });
    probe.release();
    const since = new Date().toISOString();
    writeFileSync(probe.file, JSON.stringify({ pid: deadPid(), host: hostname(), since }));

    const lock = await acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });

    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock from another host once its heartbeat has stopped', async () => {
    const dir = stateDir();
    const probe = await acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });
    probe.release();
    const holder = { pid: 1, host: 'elsewhere', since: '2025-01-01T00:00:00.000Z' };
    writeFileSync(probe.file, JSON.stringify(holder));
    const busy = acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });
    await expect(busy).rejects.toThrow('on elsewhere');
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(probe.file, old, old);

    const lock = await acquireRunLock({ stateDir: dir, dokployUrl: url, waitMs: 0 });

    expect(JSON.parse(readFileSync(lock.file, 'utf8')).host).toBe(hostname());
    lock.release();
  });
});
