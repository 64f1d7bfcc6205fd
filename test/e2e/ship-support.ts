import { spawn } from 'node:child_process';
import type { RunReport } from '../../src/report/index.js';
import { makeImage, publishVersion, pushImage } from '../support/env/index.js';
import type { Scenario } from '../support/scenario.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end with a clean environment plus `env`; never throws on exit codes. */
export function runProgram(
  file: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<Ran> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
  const child = spawn(file, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** What the CLI needs to reach the scenario's stand-in, private engine and registry logins. */
export function scenarioEnv(scenario: Scenario): Record<string, string> {
  return {
    DOKPLOY_URL: scenario.standIn.url,
    DOKPLOY_API_KEY: scenario.apiKey,
    DOCKER_HOST: scenario.env.engine.host,
    DOCKER_CONFIG: scenario.env.dockerConfigDir,
    LOG_LEVEL: 'warn',
  };
}

export function parseReport(stdout: string): RunReport {
  return JSON.parse(stdout) as RunReport;
}

/**
 * A project with one raw compose service running v1 of a fresh image, then v2 pushed to the same
 * tag from elsewhere: the engine keeps v1, so a run has exactly one update to find.
 */
export async function serviceWithUpdate(scenario: Scenario, project: string) {
  const engine = scenario.env.engine;
  const image = scenario.imageRef(project);
  await makeImage(engine, image, 'v1');
  await pushImage(engine, image);
  const { environmentId } = await scenario.createProject(project);
  const compose = await scenario.createCompose(
    environmentId,
    `${project}-app`,
    `services:\n  web:\n    image: ${image}\n`,
  );
  await scenario.deploy(compose.composeId);

  const oldId = await scenario.imageId(image);
  const digest = await publishVersion(engine, image, 'v2');
  const newId = await scenario.imageId(image);
  const at = image.lastIndexOf(':');
  await scenario.docker.getImage(oldId).tag({ repo: image.slice(0, at), tag: image.slice(at + 1) });
  await scenario.docker.getImage(newId).remove({ force: true });
  return { ...compose, image, oldId, digest };
}

export function redeploysOf(scenario: Scenario, composeId: string): number {
  return scenario.standIn.requests.filter(
    (r) => r.path === '/api/compose.redeploy' && JSON.stringify(r.body).includes(composeId),
  ).length;
}
