/**
 * `npm run bench`: how much a check of 50 unchanged images costs, our way (a manifest HEAD per
 * image, compared with the RepoDigests the engine has) beside the seed way (`docker pull` of each
 * image and a RepoDigests comparison before and after). Every registry request goes through a
 * counting proxy in front of the local registry. Not a test: it prints figures for BENCHMARKS.md.
 *
 *   npm run bench              # reuses `npm run test-env up` when it is running
 *   npm run bench -- 100       # another image count
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import Docker from 'dockerode';
import {
  createRegistryClient,
  noCredentials,
  parseReference,
  repoDigestsFor,
} from '../src/registry/index.js';
import { startFaultProxy } from '../test/integration/registry-support.js';
// Not the folder's index: it re-exports a Vitest helper, which cannot load outside Vitest.
import { DOCKER_CLI, docker } from '../test/support/env/cli.js';
import {
  isTestEnvHealthy,
  readEnvFile,
  startTestEnv,
  stopTestEnv,
} from '../test/support/env/environment.js';
import { makeImage, pushImage } from '../test/support/env/image.js';

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const script = resolve(import.meta.dirname, 'bench-registry.ts');

interface CheckResult {
  wallMs: number;
  /** Peak RSS (KiB) once node, tsx and the modules were loaded, before the first request. */
  loadedKb?: number;
  unchanged: number;
  errors: number;
}

/** Our way, run in a child process of its own so that its peak memory is its alone. */
async function checkOurWay(socketPath: string, refs: string[]): Promise<CheckResult> {
  const engine = new Docker({ socketPath });
  const client = createRegistryClient({ credentials: noCredentials });
  const loadedKb = process.resourceUsage().maxRSS;
  const started = performance.now();
  const outcomes = await Promise.all(
    refs.map(async (reference) => {
      const ref = parseReference(reference);
      const [info, remote] = await Promise.all([
        engine.getImage(reference).inspect(),
        client.fetchDigest(ref),
      ]);
      return repoDigestsFor(ref, info.RepoDigests ?? []).includes(remote.digest);
    }),
  );
  const wallMs = performance.now() - started;
  const unchanged = outcomes.filter(Boolean).length;
  return { wallMs, loadedKb, unchanged, errors: refs.length - unchanged };
}

/** The seed way: pull each image and see whether RepoDigests changed. Peak RSS of the CLI. */
async function checkSeedWay(
  host: string,
  refs: string[],
): Promise<CheckResult & { peakKb: number }> {
  const env = { ...process.env, DOCKER_HOST: host };
  const repoDigests = async (ref: string) =>
    (await exec(DOCKER_CLI, ['image', 'inspect', '-f', '{{json .RepoDigests}}', ref], { env }))
      .stdout;
  let peakKb = 0;
  let unchanged = 0;
  let errors = 0;
  const started = performance.now();
  for (const ref of refs) {
    const before = await repoDigests(ref);
    const pull = await exec('/usr/bin/time', ['-f', '%M', DOCKER_CLI, 'pull', '-q', ref], { env });
    if (pull.code !== 0) errors++;
    peakKb = Math.max(peakKb, lastNumber(pull.stderr));
    if ((await repoDigests(ref)) === before) unchanged++;
  }
  return { wallMs: performance.now() - started, unchanged, errors, peakKb };
}

interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the counting proxy runs in this process and must keep answering.
function exec(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Exec> {
  return new Promise((done) => {
    const child = spawn(file, args, { env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => done({ code: code ?? -1, stdout: stdout.trim(), stderr }));
  });
}

// `/usr/bin/time -f %M` prints the peak resident set size in KiB as the last line of stderr.
function lastNumber(text: string): number {
  return Number(text.trim().split('\n').pop()) || 0;
}

async function main(count: number): Promise<void> {
  const existing = readEnvFile();
  const reuse = existing && (await isTestEnvHealthy(existing));
  say(reuse ? 'reusing the running test environment' : 'starting a private engine and registry');
  const env = reuse && existing ? existing : await startTestEnv('bench');
  const proxy = await startFaultProxy(env.registry.url, () => false);
  const tags: string[] = [];
  try {
    const run = randomBytes(3).toString('hex');
    const base = `${env.registry.host}/bench-${run}/base:1`;
    say(`pushing ${count} images and pulling them through the counting proxy (setup)`);
    await makeImage(env.engine, base, 'v1', { mode: 'sleep' });
    tags.push(base);
    const refs: string[] = [];
    for (let i = 0; i < count; i++) {
      const direct = `${env.registry.host}/bench-${run}/app-${i}:latest`;
      await docker(env.engine, ['tag', base, direct]);
      await pushImage(env.engine, direct);
      const viaProxy = direct.replace(env.registry.host, proxy.host);
      await docker(env.engine, ['pull', '-q', viaProxy]);
      refs.push(viaProxy);
      tags.push(direct, viaProxy);
    }

    say('our way: one manifest HEAD per image');
    let seen = proxy.log.length;
    const child = await exec(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, '--import', 'tsx', script, '--check', env.engine.socketPath],
      { input: JSON.stringify(refs) },
    );
    if (child.code !== 0) throw new Error(`the check failed:\n${child.stderr}`);
    const ours = JSON.parse(child.stdout) as CheckResult;
    const oursPeakKb = lastNumber(child.stderr);
    const oursRequests = proxy.log.slice(seen);

    say('seed way: docker pull of each image, RepoDigests before and after');
    seen = proxy.log.length;
    const seed = await checkSeedWay(env.engine.host, refs);
    const seedRequests = proxy.log.slice(seen);

    const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
    const row = (name: string, r: CheckResult, requests: string[], peakKb: number) =>
      `| ${name} | ${(r.wallMs / 1000).toFixed(2)} s ` +
      `| ${requests.length} (${summarise(requests)}) ` +
      `| ${mib(peakKb)}${r.loadedKb ? ` (${mib(r.loadedKb)} before the first request)` : ''} ` +
      `| ${r.unchanged}/${count} |`;
    process.stdout.write(
      [
        `${count} unchanged images, one local registry (distribution 2.8), engine 20.10`,
        '',
        '| way | wall time | registry requests | peak memory | judged unchanged |',
        '| --- | --- | --- | --- | --- |',
        row('manifest HEAD (ours)', ours, oursRequests, oursPeakKb),
        row('docker pull (seed)', seed, seedRequests, seed.peakKb),
        '',
      ].join('\n'),
    );
  } finally {
    // A reused engine is shared with the test suite: leave no benchmark images behind.
    if (reuse && tags.length > 0) await docker(env.engine, ['rmi', ...tags]).catch(() => '');
    await proxy.close();
    if (!reuse) await stopTestEnv(env);
  }
}

/** `HEAD manifests ×50, GET /v2/ ×1`: request kinds and how many of each. */
function summarise(requests: string[]): string {
  const kinds = new Map<string, number>();
  for (const line of requests) {
    const [method = '', path = ''] = line.split(' ');
    const what = path === '/v2/' ? '/v2/' : (/\/(manifests|blobs)\//.exec(path)?.[1] ?? path);
    const key = `${method} ${what}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([key, n]) => `${key} ×${n}`).join(', ');
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

if (process.argv[2] === '--check') {
  const refs = JSON.parse(await readStdin()) as string[];
  const result = await checkOurWay(process.argv[3] ?? '', refs);
  process.stdout.write(JSON.stringify(result));
} else {
  await main(Number(process.argv[2] ?? 50));
}
