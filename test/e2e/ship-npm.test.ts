import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario } from '../support/scenario.js';
import {
  parseReport,
  redeploysOf,
  runProgram,
  scenarioEnv,
  serviceWithUpdate,
} from './ship-support.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const version = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

let work: string;
let installedBin: string;
let packedFiles: string[];
let scenario: Scenario;

// The package is built into a staging copy, never into the shared dist/, so other test runs in the
// same tree are not disturbed; `--ignore-scripts` skips prepack, which would rebuild dist/.
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ship-npm-'));
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const file of ['package.json', 'README.md', 'LICENSE', 'docs', 'deploy']) {
    if (existsSync(join(repoRoot, file))) {
      cpSync(join(repoRoot, file), join(stage, file), { recursive: true });
    }
  }
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const built = await runProgram(process.execPath, [
    tsc,
    '-p',
    join(repoRoot, 'tsconfig.build.json'),
    '--outDir',
    join(stage, 'dist'),
  ]);
  expect(built.code, built.stdout).toBe(0);

  const packed = await runProgram(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', work, stage],
    { cwd: work },
  );
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as Array<{
    filename: string;
    files: { path: string }[];
  }>;
  packedFiles = info?.files.map((f) => f.path) ?? [];

  const target = join(work, 'empty');
  mkdirSync(target);
  writeFileSync(join(target, 'package.json'), '{"private":true}\n');
  // Offline from npm's cache, which `npm ci` filled; native builds are skipped, as the state store
  // falls back to a JSON file without better-sqlite3.
  const installed = await runProgram(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      join(work, info?.filename ?? ''),
    ],
    { cwd: target },
  );
  expect(installed.code, installed.stderr).toBe(0);
  installedBin = join(target, 'node_modules/.bin/dokploy-autoupdate');
  scenario = await Scenario.start();
});

afterAll(async () => {
  await scenario?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the compiled CLI and the docs, and no sources or tests', () => {
    expect(packedFiles).toContain('dist/cli/main.js');
    expect(packedFiles).toContain('package.json');
    expect(packedFiles).toContain('README.md');
    expect(packedFiles).toContain('LICENSE');
    // The README links both pages.
    expect(packedFiles).toEqual(expect.arrayContaining(['docs/configuration.md', 'docs/serve.md']));
    expect(
      packedFiles.filter(
        (f) =>
          !/^(dist\/|package\.json$|README\.md$|LICENSE$|docs\/|deploy\/dokploy-autoupdate\/)/.test(
            f,
          ),
      ),
    ).toEqual([]);
    expect(packedFiles.some((f) => f.endsWith('.ts'))).toBe(false);
  });

  it('installs a command that prints its version, help and template', async () => {
    const shown = await runProgram(installedBin, ['--version']);
    const help = await runProgram(installedBin, ['run', '--help']);
    const toml = await runProgram(installedBin, ['template', '--toml']);

    expect(shown).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    expect(toml.stdout).toContain('[[config.domains]]');
  });

  it('runs a dry run against Dokploy and the engine, and changes nothing', async () => {
    const service = await serviceWithUpdate(scenario, 'npm-installed');

    const result = await runProgram(
      installedBin,
      ['run', '--project', 'npm-installed', '--dry-run', '--json'],
      { env: scenarioEnv(scenario) },
    );

    expect(result.code, result.stderr).toBe(0);
    expect(parseReport(result.stdout).services[0]?.images[0]).toMatchObject({
      status: 'update-available',
      remoteDigest: service.digest,
    });
    expect(redeploysOf(scenario, service.composeId)).toBe(0);
    expect(await scenario.imageId(service.image)).toBe(service.oldId);
  });
});
