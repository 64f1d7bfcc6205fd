import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const TAIL_CHARS = 600;

export interface ExecOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  logPath: string;
}

/** Raised when a deploy command exits non-zero; the message becomes the row's errorMessage. */
export class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly outputTail: string,
  ) {
    super(`${command} exited with code ${exitCode ?? 'null'}: ${outputTail.trim()}`);
    this.name = 'CommandFailed';
  }
}

export function appendLog(logPath: string, line: string): void {
  appendFileSync(logPath, `${line}\n`);
}

/**
 * Runs one CLI command with its output appended to the deployment log, like Dokploy's
 * `(...) >> logPath 2>&1`. Resolves on exit 0, rejects with the last output lines otherwise.
 */
export function runLogged(file: string, args: string[], options: ExecOptions): Promise<void> {
  const shown = [file.split('/').pop(), ...args].join(' ');
  appendLog(options.logPath, `Command: ${shown}`);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
    let tail = '';
    const collect = (chunk: Buffer): void => {
      appendFileSync(options.logPath, chunk);
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(new Error(`could not start ${shown}`, { cause: error })));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new CommandFailed(shown, code, tail));
    });
  });
}

/**
 * Splits a custom command the way a shell would for plain words and simple quotes. Dokploy passes
 * the text to bash; the stand-in avoids a shell so a test's command cannot reach beyond docker.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of command.matchAll(pattern)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words;
}
