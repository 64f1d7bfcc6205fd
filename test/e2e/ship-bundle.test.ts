import { mkdtempSync, rmSync } from 'node:fs';
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

let work: string;
let bundle: string;
let scenario: Scenario;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ship-bundle-'));
  bundle = join(work, 'dokploy-autoupdate.mjs');
  const built = await runProgram(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts/bundle.ts'), '--out', bundle],
    { cwd: repoRoot },
  );
  expect(built.code, built.stderr).toBe(0);
  scenario = await Scenario.start();
});

afterAll(async () => {
  await scenario?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * The bundle runs from a folder with no node_modules anywhere above it, as in Dokploy's container
 * where the scheduled job downloads it into /etc/dokploy.
 */
function runBundle(args: string[]) {
  return runProgram(process.execPath, [bundle, ...args], {
    cwd: work,
    env: { ...scenarioEnv(scenario), HOME: work },
  });
}

describe('the single-file bundle run with plain node', () => {
  it('carries its version and the Dokploy template inside', async () => {
    const version = await runBundle(['--version']);
    const compose = await runBundle(['template', '--compose']);

    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(compose.stdout).toContain('dokploy-autoupdate:');
    expect(compose.stdout).toContain('/var/run/docker.sock');
  });

  it('reports an update in a dry run and changes nothing', async () => {
    const service = await serviceWithUpdate(scenario, 'bundle-dry');

    const result = await runBundle(['run', '--project', 'bundle-dry', '--dry-run', '--json']);

    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(parseReport(result.stdout).services[0]?.images[0]).toMatchObject({
      status: 'update-available',
      remoteDigest: service.digest,
    });
    expect(redeploysOf(scenario, service.composeId)).toBe(0);
  });

  it('pulls, redeploys once and leaves the service on the new image', async () => {
    const service = await serviceWithUpdate(scenario, 'bundle-real');

    // A short settle time after the redeploy, as the other end-to-end tests use.
    const result = await runBundle([
      'run',
      '--project',
      'bundle-real',
      '--json',
      '--settle-time',
      '1',
    ]);

    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(parseReport(result.stdout).services[0]?.images[0]).toMatchObject({
      status: 'updated',
      remoteDigest: service.digest,
    });
    expect(redeploysOf(scenario, service.composeId)).toBe(1);
    const running = await scenario.runningImageIds(service.appName, 'web');
    expect(running).toHaveLength(1);
    expect(running[0]).not.toBe(service.oldId);
  });
});
