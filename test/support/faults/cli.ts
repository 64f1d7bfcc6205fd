import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { RunReport } from '../../../src/report/index.js';
import type { CliResult, Scenario } from '../scenario.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

export interface RunningCli {
  pid: number;
  kill(signal: NodeJS.Signals): void;
  done: Promise<CliResult>;
}

/**
 * The real CLI against a scenario's stand-in, started without waiting for it: for tests that
 * signal or race runs. Same environment as `Scenario.cli`, except the state folder, which the
 * caller names so the runs it compares share it.
 */
export function startCli(
  scenario: Scenario,
  args: string[],
  stateDir: string,
  env: Record<string, string> = {},
): RunningCli {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args, '--state-dir', stateDir],
    {
      cwd: repoRoot,
      env: scenario.cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const done = new Promise<CliResult>((finish) => {
    child.on('close', (code, signal) => {
      const result: CliResult = { code: code ?? (signal ? -1 : 0), stdout, stderr };
      if (stdout.trim().startsWith('{')) result.report = JSON.parse(stdout) as RunReport;
      finish(result);
    });
  });
  return { pid: child.pid ?? -1, kill: (signal) => child.kill(signal), done };
}

/** Resolves once `predicate` holds, checking every 100 ms; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
