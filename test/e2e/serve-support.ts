import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Scenario } from '../support/scenario.js';

const repoRoot = resolve(import.meta.dirname, '../..');

/** The real `serve` command as a child process, with its logs kept for failure messages. */
export class ServeProcess {
  logs = '';
  private exit?: Promise<number>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exit = new Promise((done) => child.on('close', (code) => done(code ?? -1)));
  }

  static async start(
    scenario: Scenario,
    args: string[],
    port: number,
    env: Record<string, string> = {},
  ): Promise<ServeProcess> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src/cli/main.ts'),
        'serve',
        '--port',
        String(port),
        ...args,
      ],
      {
        cwd: repoRoot,
        env: scenario.cliEnv(env),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const serve = new ServeProcess(child, `http://127.0.0.1:${port}`);
    child.stdout?.on('data', (chunk: Buffer) => {
      serve.logs += chunk;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      serve.logs += chunk;
    });
    await serve.until('the server answers /healthz', async () => {
      const res = await fetch(`${serve.url}/healthz`).catch(() => undefined);
      return res?.ok === true;
    });
    return serve;
  }

  /** Polls until the probe holds; a bound only so a broken build fails instead of hanging. */
  async until(what: string, probe: () => Promise<boolean>, limitMs = 90_000): Promise<void> {
    const end = Date.now() + limitMs;
    while (Date.now() < end) {
      if (this.child.exitCode !== null)
        throw new Error(`serve exited while waiting for ${what}\n${this.logs}`);
      if (await probe()) return;
      await new Promise((done) => setTimeout(done, 250));
    }
    throw new Error(`gave up waiting for ${what}\n${this.logs.slice(-4000)}`);
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`, init);
    return { status: res.status, body: (await res.json()) as T };
  }

  /** Sends SIGTERM and returns the exit code. */
  async stop(): Promise<number> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    return (await this.exit) ?? -1;
  }
}

export interface RunRow {
  id: string;
  trigger: string;
  status: string;
  dryRun: boolean;
  summary?: { updated: number; updateAvailable: number; errors: number };
}
