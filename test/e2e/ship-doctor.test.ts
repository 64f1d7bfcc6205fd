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
});
