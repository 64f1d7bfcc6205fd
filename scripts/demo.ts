/**
 * `npm run demo`: watch an update happen with no Dokploy server. Starts a private Docker engine, a
 * local registry and the Dokploy stand-in, deploys a compose service on `:latest`, pushes a new
 * image to the same tag, then runs `dokploy-autoupdate run` (a dry run first, then the real one).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// Not the folder's index: it re-exports a Vitest helper, which cannot load outside Vitest.
import { docker } from '../test/support/env/cli.js';
import { startTestEnv, stopTestEnv } from '../test/support/env/environment.js';
import { makeImage, publishVersion, pushImage } from '../test/support/env/image.js';
import { ensurePackages } from '../test/support/env/packages.js';
import { createStandIn } from '../test/support/standin/index.js';

const repoRoot = resolve(import.meta.dirname, '..');
const say = (line: string) => process.stderr.write(`\n\x1b[1m[demo] ${line}\x1b[0m\n`);

async function main(): Promise<number> {
  say('installing missing Debian packages (docker.io, docker-registry, docker-compose, busybox)');
  await ensurePackages((line) => process.stderr.write(`  ${line}\n`));

  say('starting a private Docker engine and a local registry');
  const env = await startTestEnv('demo');
  const workDir = mkdtempSync(join(tmpdir(), 'demo-'));
  const apiKey = `demo-${randomBytes(16).toString('hex')}`;
  const standIn = await createStandIn({
    dockerHost: env.engine.host,
    apiKeys: [apiKey],
    workDir,
    dockerConfigDir: env.dockerConfigDir,
  });

  try {
    const image = `${env.registry.host}/demo/web:latest`;
    say(`building and pushing ${image} (v1)`);
    await makeImage(env.engine, image, 'v1');
    await pushImage(env.engine, image);

    say(
      `Dokploy stand-in at ${standIn.url}: creating project "demo" and deploying a compose service`,
    );
    const api = apiClient(standIn.url, apiKey);
    const { environment } = await api('project.create', { name: 'demo' });
    const compose = await api('compose.create', {
      name: 'web',
      environmentId: environment.environmentId,
      composeType: 'docker-compose',
      composeFile: `services:\n  web:\n    image: ${image}\n`,
    });
    await api('compose.deploy', { composeId: compose.composeId });
    await standIn.idle();
    await showRunning(env.engine, compose.appName);

    say('pushing v2 to the same tag (built elsewhere: this engine still has only v1)');
    const v1 = (await docker(env.engine, ['image', 'inspect', '-f', '{{.Id}}', image])).trim();
    await publishVersion(env.engine, image, 'v2');
    const v2 = (await docker(env.engine, ['image', 'inspect', '-f', '{{.Id}}', image])).trim();
    await docker(env.engine, ['tag', v1, image]);
    await docker(env.engine, ['rmi', '-f', v2]);

    const cliEnv = {
      DOKPLOY_URL: standIn.url,
      DOKPLOY_API_KEY: apiKey,
      DOCKER_HOST: env.engine.host,
      DOCKER_CONFIG: env.dockerConfigDir,
    };
    say('dokploy-autoupdate run --project demo --dry-run');
    await runCli(['run', '--project', 'demo', '--dry-run'], cliEnv);
    say('dokploy-autoupdate run --project demo');
    const code = await runCli(['run', '--project', 'demo'], cliEnv);
    await showRunning(env.engine, compose.appName);
    say(code === 0 ? 'done: the service now runs v2' : `the run exited with code ${code}`);
    return code;
  } finally {
    say('stopping the stand-in, the registry and the engine');
    await standIn.close();
    await stopTestEnv(env);
    rmSync(workDir, { recursive: true, force: true });
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the demo reads a few fields of Dokploy's answers.
type Answer = any;

function apiClient(url: string, apiKey: string) {
  return async function callDokploy(procedure: string, input: object): Promise<Answer> {
    const response = await fetch(`${url}/api/${procedure}`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    if (!response.ok) throw new Error(`${procedure}: ${response.status} ${await response.text()}`);
    return response.json();
  };
}

async function showRunning(engine: { host: string }, appName: string): Promise<void> {
  const ids = await docker(engine, [
    'ps',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${appName}`,
  ]);
  for (const id of ids.split('\n').filter(Boolean)) {
    const version = (await docker(engine, ['exec', id, 'cat', '/version'])).trim();
    process.stderr.write(`  container ${id} runs ${version}\n`);
  }
}

function runCli(args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args],
    {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    },
  );
  return new Promise((done) => child.on('close', (code) => done(code ?? 1)));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `[demo] failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
