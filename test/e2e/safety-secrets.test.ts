import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, publishVersion, pushImage, writeDockerConfig } from '../support/env/index.js';
import type { CliResult } from '../support/scenario.js';
import { Scenario } from '../support/scenario.js';

// Known secret values go in everywhere a secret can come from; every output is then searched.
let scenario: Scenario;
const dirs: string[] = [];
const envSecret = `env-secret-${randomBytes(8).toString('hex')}`;
const wrongKey = `wrong-key-${randomBytes(8).toString('hex')}`;
const wrongPassword = `wrong-pass-${randomBytes(8).toString('hex')}`;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  scenario = await Scenario.start();
});

afterAll(async () => {
  await scenario?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('secrets never leave in any output', () => {
  it('API key, registry password and auth, env values, refresh token: in no output', async () => {
    const { engine, dockerConfigDir, authRegistry } = scenario.env;
    const image = scenario.imageRef('secret', authRegistry.host);
    await makeImage(engine, image, 'v1');
    await pushImage(engine, image, { dockerConfigDir });
    const { environmentId } = await scenario.createProject('secrets');
    const compose = await scenario.createCompose(
      environmentId,
      'app',
      `services:\n  web:\n    image: ${image}\n    environment:\n      TOKEN: \${API_TOKEN}\n`,
      { env: `API_TOKEN=${envSecret}\nOTHER=${envSecret}-2` },
    );
    await scenario.deploy(compose.composeId);
    const row = await scenario.call<{ refreshToken: string }>('compose.one', {
      composeId: compose.composeId,
    });
    await publishVersion(engine, image, 'v2', { dockerConfigDir });
    const stateDir = tempDir('secrets-state-');
    const badConfig = tempDir('secrets-bad-config-');
    writeDockerConfig(badConfig, { registry: { ...authRegistry, password: wrongPassword } });
    const base = ['run', '--project', 'secrets', '--json', '--rollback', '--state-dir', stateDir];
    const trace = { LOG_LEVEL: 'trace' };

    const results: CliResult[] = [
      await scenario.cli(base, { ...trace, DOCKER_CONFIG: badConfig }),
      await scenario.cli(base, trace),
      await scenario.cli(base, { ...trace, DOKPLOY_API_KEY: wrongKey }),
      await scenario.cli([...base.slice(0, -2), '--dry-run'], trace),
    ];

    expect(results.map((r) => r.code)).toEqual([1, 0, 1, 0]);
    expect(results[1]?.report?.services[0]?.images[0]?.status).toBe('updated');
    const secrets = [
      scenario.apiKey,
      wrongKey,
      authRegistry.password,
      wrongPassword,
      Buffer.from(`${authRegistry.user}:${authRegistry.password}`).toString('base64'),
      Buffer.from(`${authRegistry.user}:${wrongPassword}`).toString('base64'),
      envSecret,
      row.refreshToken,
    ];
    const outputs = [
      ...results.flatMap((r, i) => [
        [`run ${i} stdout`, r.stdout],
        [`run ${i} stderr`, r.stderr],
      ]),
      ...filesUnder(stateDir).map((file) => [file, readFileSync(file, 'latin1')]),
    ];
    // The outputs are real: they name the image, just never a secret.
    expect(results[1]?.stdout).toContain(image);
    expect(outputs.map(([where]) => where)).toContain(join(stateDir, 'state.db'));
    expect(row.refreshToken.length).toBeGreaterThan(8);
    for (const [where, text] of outputs) {
      for (const secret of secrets) expect(text, `${where} holds a secret`).not.toContain(secret);
    }
  });
});
