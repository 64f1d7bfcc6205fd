import { execFile, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RunOptions {
  env?: Record<string, string>;
  input?: string | Buffer;
  timeoutMs?: number;
}

/** A command failed; the message carries its stderr so test failures explain themselves. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Runs a program to completion and returns its stdout; throws with stderr on a non-zero exit. */
export function run(file: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = `${stderr}${stdout}`.trim().slice(-2000);
          reject(new CommandError(`${file} ${args[0] ?? ''} failed: ${detail}`, { cause: error }));
          return;
        }
        resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * Starts a long-lived server in its own process group, output to `logFile`, and lets this process
 * exit without waiting for it: `test-env up` leaves the servers running after the CLI returns.
 */
export function spawnDetached(file: string, args: string[], logFile: string): number {
  const out = openSync(logFile, 'a');
  const child = spawn(file, args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  if (child.pid === undefined) throw new CommandError(`could not start ${file}`);
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `pid` is alive and its command line mentions `marker` (our temp folder). A pid from
 * an old `.tmp/test-env.json` may since belong to an unrelated process, which must not be killed.
 */
export function isOurProcess(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL: a server that hangs must not hang the suite. */
export async function stopProcess(pid: number, marker: string, graceMs = 20_000): Promise<void> {
  if (!isOurProcess(pid, marker)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitOptions {
  what: string;
  probe: () => Promise<boolean>;
  /** Appended to the error, usually a log tail. */
  explain: () => string;
  /** The server's pid: when it exits, waiting stops at once instead of at the timeout. */
  pid?: number;
  timeoutMs?: number;
}

/** Polls `probe` until it returns true; throws with `explain()` on timeout or early exit. */
export async function waitUntil(options: WaitOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await options.probe().catch(() => false)) return;
    if (options.pid !== undefined && !isAlive(options.pid)) {
      throw new CommandError(`${options.what} exited while starting\n${options.explain()}`);
    }
    await sleep(200);
  }
  throw new CommandError(
    `${options.what} did not come up within ${timeoutMs} ms\n${options.explain()}`,
  );
}

export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/** Asks the kernel for a free loopback port. Another process could take it before we bind it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
