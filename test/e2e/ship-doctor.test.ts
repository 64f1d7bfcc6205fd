import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, pushImage } from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';

const limitedKey = 'doctor-limited-key-0123456789';
let scenario: Scenario;

beforeAll(async () => {
  // Two verifications: Dokploy checks a key twice per call, so one call works and then 401.
  scenario = await Scenario.start({ extraKeys: [{ key: limitedKey, rateLimit: { max: 2 } }] });
});

afterAll(async () => {
  await scenario?.close();
});

describe('doctor', () => {
  it('passes for a working setup and names the version, engine and registry', async () => {
    const image = scenario.imageRef('doctor');
    await makeImage(scenario.env.engine, image, 'v1');
    await pushImage(scenario.env.engine, image);
    const { environmentId } = await scenario.createProject('doctor-ok');
    const compose = await scenario.createCompose(
      environmentId,
      'app',
      `services:\n  web:\n    image: ${image}\n`,
    );
    await scenario.deploy(compose.composeId);

    const result = await scenario.cli(['doctor', '--project', 'doctor-ok']);

    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('API key: accepted by Dokploy v0.30.2');
    expect(result.stdout).toMatch(/project doctor-ok: 1 compose service/);
    expect(result.stdout).toContain(`registry ${scenario.env.registry.host}: answers for ${image}`);
    // version, project.all, compose.one
    expect(result.stdout).toContain('Doctor made 3 Dokploy API call(s) with this key.');
  });

  it('says a key is rate-limited when it stops working after the first call', async () => {
    const result = await scenario.cli(['doctor', '--project', 'doctor-ok'], {
      DOKPLOY_API_KEY: limitedKey,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}API key: .*rate-limited/);
    expect(result.stdout).toContain('rate limiting turned off');
    expect(result.stdout + result.stderr).not.toContain(limitedKey);
  });

  it('explains a wrong key, a missing project and a missing Docker socket', async () => {
    const wrongKey = await scenario.cli(['doctor'], { DOKPLOY_API_KEY: 'not-a-key-at-all' });
    const noProject = await scenario.cli(['doctor', '--project', 'nope']);
    const noSocket = await scenario.cli(['doctor'], { DOCKER_HOST: 'unix:///tmp/no-such/d.sock' });

    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toMatch(/FAIL {2}API key: refused \(401\)/);
    expect(wrongKey.stdout).toContain('fix: Check DOKPLOY_API_KEY');
    expect(noProject.stdout).toMatch(/FAIL {2}project nope: not found\n.*Dokploy has: .*doctor-ok/);
    expect(noSocket.code).toBe(1);
    expect(noSocket.stdout).toContain(
      'FAIL  Docker engine: no Docker socket at unix:///tmp/no-such',
    );
  });

  it('reads the Dokploy URL from the config file named by DOKPLOY_AUTOUPDATE_CONFIG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-config-'));
    const file = join(dir, 'c.yml');
    writeFileSync(file, `dokployUrl: ${scenario.standIn.url}\nprojects: [doctor-ok]\n`);

    const result = await scenario.cli(['doctor', '--log-level', 'silent'], {
      DOKPLOY_URL: undefined,
      DOKPLOY_AUTOUPDATE_CONFIG: file,
    });

    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('API key: accepted by Dokploy');
    expect(result.stdout).toMatch(/project doctor-ok: 1 compose service/);
  });

  it('refuses a bad config file key with exit 2, as run does', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'doctor-config-')), 'c.yml');
    writeFileSync(file, 'project: shop\n');

    const result = await scenario.cli(['doctor', '--config', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('project (did you mean projects?)');
  });

  it('names a broken docker config.json and a missing DOCKER_CONFIG folder, no stack', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'doctor-docker-'));
    writeFileSync(join(broken, 'config.json'), '{not json');
    const absent = join(broken, 'absent');

    const notJson = await scenario.cli(['doctor'], { DOCKER_CONFIG: broken });
    const noFolder = await scenario.cli(['doctor', '--docker-config', absent]);

    expect(notJson.code).toBe(1);
    expect(notJson.stdout).toContain(
      `FAIL  docker credentials: docker config ${join(broken, 'config.json')} is not valid JSON`,
    );
    expect(notJson.stdout).toContain('fix: Fix or remove that file');
    expect(notJson.stderr).not.toContain('internal error');
    expect(noFolder.code).toBe(1);
    expect(noFolder.stdout).toContain(`FAIL  docker credentials: docker config folder ${absent}`);
  });

  it('says the registries were not checked when a wrong key hides the services', async () => {
    const result = await scenario.cli(['doctor', '--project', 'doctor-ok'], {
      DOKPLOY_API_KEY: 'not-a-key-at-all',
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}API key: refused/);
    expect(result.stdout).toContain('FAIL  registries: not checked');
    expect(result.stdout).not.toMatch(/ok {4}registries/);
  });
});
