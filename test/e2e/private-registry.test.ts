import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, publishVersion, pushImage } from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;
let image: string;
let composeId: string;
let appName: string;

beforeAll(async () => {
  scenario = await Scenario.start();
  const { engine, authRegistry, dockerConfigDir } = scenario.env;
  image = scenario.imageRef('private', authRegistry.host);
  await makeImage(engine, image, 'v1');
  await pushImage(engine, image, { dockerConfigDir });
  const { environmentId } = await scenario.createProject('private');
  const compose = await scenario.createCompose(
    environmentId,
    'private-app',
    `services:\n  web:\n    image: ${image}\n`,
  );
  composeId = compose.composeId;
  appName = compose.appName;
  await scenario.deploy(composeId);
});

afterAll(async () => {
  await scenario?.close();
});

async function publishUpstream(version: string): Promise<string> {
  const { engine, dockerConfigDir } = scenario.env;
  const oldId = await scenario.imageId(image);
  const digest = await publishVersion(engine, image, version, { dockerConfigDir });
  const newId = await scenario.imageId(image);
  const at = image.lastIndexOf(':');
  await scenario.docker.getImage(oldId).tag({ repo: image.slice(0, at), tag: image.slice(at + 1) });
  await scenario.docker.getImage(newId).remove({ force: true });
  return digest;
}

describe('a registry behind htpasswd', () => {
  it('without credentials: the image is an error, nothing is redeployed, exit 1', async () => {
    const emptyConfig = mkdtempSync(join(tmpdir(), 'no-creds-'));
    await publishUpstream('v2');

    const result = await scenario.cli(['run', '--project', 'private', '--json'], {
      DOCKER_CONFIG: emptyConfig,
    });

    expect(result.code).toBe(1);
    expect(result.report?.services[0]?.images[0]).toMatchObject({ status: 'error', pulled: false });
    expect(result.report?.services[0]?.images[0]?.reason).toMatch(/401|unauthori|credentials/i);
    expect(result.report?.services[0]?.redeploy).toBeUndefined();
  });

  it('with credentials from docker config.json: pulled, redeployed and running', async () => {
    const newDigest = await publishUpstream('v3');
    const { password } = scenario.env.authRegistry;

    const result = await scenario.cli(['run', '--project', 'private', '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.report?.services[0]?.images[0]).toMatchObject({
      status: 'updated',
      pulled: true,
      remoteDigest: newDigest,
    });
    const running = await scenario.runningImageIds(appName, 'web');
    const inspected = await scenario.docker.getImage(running[0] ?? '').inspect();
    expect(inspected.RepoDigests).toContain(
      `${image.slice(0, image.lastIndexOf(':'))}@${newDigest}`,
    );
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(result.stdout + result.stderr).not.toContain(scenario.apiKey);
  });
});

describe('where the run looks', () => {
  it('says so, naming the engine, when no selected service has a container there', async () => {
    const { environmentId } = await scenario.createProject('elsewhere');
    await scenario.createCompose(
      environmentId,
      'never-deployed',
      `services:\n  web:\n    image: ${image}\n`,
    );

    const result = await scenario.cli(['run', '--project', 'elsewhere', '--json']);

    expect(result.report?.warnings.join(' ')).toContain(scenario.env.engine.host);
    expect(result.stderr).toContain(scenario.env.engine.host);
    expect(result.code).toBe(1);
  });
});
