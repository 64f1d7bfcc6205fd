import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ComposeRow } from '../store.js';
import { cliEnv, type JobContext } from './context.js';
import { composeEnvFile } from './env-file.js';
import { appendLog, runLogged, splitCommand } from './exec.js';

/** Dokploy's own compose file name for raw sources, whatever `composePath` says. */
const RAW_FILE = 'docker-compose.yml';

function defaultArgs(compose: ComposeRow): string[] {
  if (compose.composeType === 'stack') {
    return ['stack', 'deploy', '-c', RAW_FILE, compose.appName, '--prune', '--with-registry-auth'];
  }
  return [
    'compose',
    '-p',
    compose.appName,
    '-f',
    RAW_FILE,
    'up',
    '-d',
    '--build',
    '--remove-orphans',
  ];
}

/**
 * Writes the compose folder as Dokploy does and runs its command there, with no pull first.
 * A custom `command` replaces the arguments after `docker`, exactly as in Dokploy; `compose …`
 * goes to the compose v1 binary, anything else to the docker CLI.
 */
export async function deployCompose(compose: ComposeRow, ctx: JobContext, logPath: string) {
  if (compose.sourceType !== 'raw') {
    throw new Error(`Source type ${compose.sourceType} is not supported by the stand-in`);
  }
  const environment = ctx.state.environments.get(compose.environmentId);
  const project = environment ? ctx.state.projects.get(environment.projectId) : undefined;

  const codeDir = join(ctx.workDir, 'compose', compose.appName, 'code');
  await mkdir(codeDir, { recursive: true });
  await writeFile(join(codeDir, RAW_FILE), compose.composeFile);
  const envFile = composeEnvFile({
    appName: compose.appName,
    env: compose.env,
    projectEnv: project?.env ?? null,
    environmentEnv: environment?.env ?? null,
    dockerConfig: ctx.dockerConfigDir ?? '/root/.docker',
  });
  if (compose.createEnvFile) await writeFile(join(codeDir, '.env'), envFile.text);

  const custom = compose.command.trim() ? splitCommand(compose.command) : undefined;
  const { args, pullFirst } = emulateComposeV2Pull(custom ?? defaultArgs(compose), compose);
  // `docker stack deploy` reads no .env file, so Dokploy exports the variables into its shell.
  const extra = compose.composeType === 'stack' ? envFile.variables : {};
  const options = { cwd: codeDir, env: cliEnv(ctx, extra), logPath };
  if (args[0] === 'compose') {
    const project = ['-p', compose.appName, '-f', RAW_FILE];
    if (pullFirst) await runLogged(ctx.composeBinary, [...project, 'pull', ...pullFirst], options);
    await runLogged(ctx.composeBinary, args.slice(1), options);
  } else {
    await runLogged(ctx.dockerBinary, args, options);
  }
  appendLog(logPath, 'Docker Compose Deployed: ✅');
}

/**
 * Compose v2 pulls on `up` for `pull_policy: always` services and for `up --pull always`; the v1
 * binary here ignores the first and rejects the second. So the stand-in drops `--pull always`
 * and runs `pull` for those services first, which leaves the engine as v2 would.
 */
function emulateComposeV2Pull(
  args: string[],
  compose: ComposeRow,
): { args: string[]; pullFirst?: string[] } {
  if (args[0] !== 'compose') return { args };
  const at = args.findIndex((word, i) => word === '--pull' && args[i + 1] === 'always');
  const inline = args.indexOf('--pull=always');
  if (at >= 0) return { args: args.filter((_w, i) => i !== at && i !== at + 1), pullFirst: [] };
  if (inline >= 0) return { args: args.filter((_w, i) => i !== inline), pullFirst: [] };
  const services = (parse(compose.composeFile) as { services?: Record<string, unknown> } | null)
    ?.services;
  const always = Object.entries(services ?? {})
    .filter(([, definition]) => (definition as { pull_policy?: unknown })?.pull_policy === 'always')
    .map(([name]) => name);
  return always.length > 0 ? { args, pullFirst: always } : { args };
}
