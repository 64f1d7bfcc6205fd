import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StateError } from '../state/index.js';
import { sleep } from './sleep.js';

/** Another run holds the lock and did not finish within the wait: the CLI says who and exits. */
export class RunLockBusyError extends Error {
  override name = 'RunLockBusyError';
}

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface RunLock {
  readonly file: string;
  release(): void;
}

export interface LockOptions {
  stateDir: string;
  /** The lock is per Dokploy instance: two instances may be updated side by side. */
  dokployUrl: string;
  waitMs: number;
  /** How often the holder touches the file; a file untouched for 6 beats is stale. */
  heartbeatMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * One run at a time per Dokploy instance and state folder. The lock is a file created with O_EXCL
 * and touched while held. It survives crashes: a holder on this host whose process is gone, or
 * any holder whose file has not been touched for a while (another host, a recreated container),
 * is stale and taken over.
 */
export async function acquireRunLock(options: LockOptions): Promise<RunLock> {
  try {
    mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StateError(
      `the state folder ${options.stateDir} cannot be created (${code}): ` +
        'set stateDir (--state-dir) to a writable folder',
      { cause: error },
    );
  }
  const key = createHash('sha256').update(options.dokployUrl).digest('hex').slice(0, 16);
  const file = join(options.stateDir, `run-${key}.lock`);
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const deadline = Date.now() + options.waitMs;
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };

  for (;;) {
    if (tryCreate(file, me)) return held(file, me, heartbeatMs);
    const holder = readHolder(file);
    if (holder === 'gone') continue;
    if (isStale(file, holder, heartbeatMs * 6)) {
      removeIfUnchanged(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ? `process ${holder.pid} on ${holder.host} since ${holder.since}` : '?';
      throw new RunLockBusyError(
        `another run on this Dokploy is in progress (${who}); waited ` +
          `${Math.round(options.waitMs / 1000)} s. Lock file: ${file}`,
      );
    }
    await sleep(options.pollMs ?? 500, options.signal);
  }
}

function tryCreate(file: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

function held(file: string, me: LockHolder, heartbeatMs: number): RunLock {
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // Removed by someone who judged it stale: nothing to refresh; release copes with it.
    }
  }, heartbeatMs);
  beat.unref();
  return {
    file,
    release() {
      clearInterval(beat);
      removeIfUnchanged(file, me);
    },
  };
}

// `undefined`: the file exists but holds no readable holder yet (being written right now).
function readHolder(file: string): LockHolder | undefined | 'gone' {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
}

function isStale(file: string, holder: LockHolder | undefined, maxIdleMs: number): boolean {
  let idle: number;
  try {
    idle = Date.now() - statSync(file).mtimeMs;
  } catch {
    return false;
  }
  if (idle > maxIdleMs) return true;
  if (!holder || holder.host !== hostname()) return false;
  return !processAlive(holder.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Re-read right before removing, so a lock a racing run has just taken over is left alone.
function removeIfUnchanged(file: string, expected: LockHolder | undefined): void {
  const now = readHolder(file);
  if (now === 'gone') return;
  if (JSON.stringify(now) !== JSON.stringify(expected)) return;
  try {
    unlinkSync(file);
  } catch {
    // Already removed by the racing run.
  }
}
