import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/env/index.js';
import { createStandIn, type StandIn } from '../support/standin/index.js';

// Stand-in behaviour the recordings do not show but Dokploy's source does: custom commands,
// shared variables, row retention, rate-limited keys and the pre-environment shapes.
const KEY = 'standin-test-key';

describe('Dokploy stand-in', () => {
  const env = testEnv();
  const workDir = mkdtempSync(join(tmpdir(), 'standin-test-'));
  let standIn: StandIn;

  async function call(proc: string, input: Record<string, unknown>, method = 'POST') {
    const query =
      method === 'GET' ? `?${new URLSearchParams(input as Record<string, string>)}` : '';
    const res = await fetch(`${standIn.url}/api/${proc}${query}`, {
      method,
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: method === 'POST' ? JSON.stringify(input) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function newCompose(fields: Record<string, unknown>, projectEnv = '') {
    const created = await call('project.create', { name: 'p', env: projectEnv });
    const environmentId = created.body.environment.environmentId;
    const compose = await call('compose.create', {
      name: 'c',
      environmentId,
      composeFile: 'services:\n  web:\n    image: none.invalid/none:1\n',
    });
    await call('compose.update', { composeId: compose.body.composeId, ...fields });
    return compose.body as { composeId: string; appName: string };
  }

  beforeAll(async () => {
    standIn = await createStandIn({
      dockerHost: env.engine.host,
      apiKeys: [KEY, { key: 'limited', rateLimit: { max: 4 } }],
      workDir,
    });
  });

  afterAll(async () => {
    await standIn?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('fails the deployment for real when the custom command is broken', async () => {
    const { composeId } = await newCompose({ command: 'compose --no-such-flag up' });

    await call('compose.deploy', { composeId });
    await standIn.idle();
    const rows = await call('deployment.allByCompose', { composeId }, 'GET');

    expect(rows.body).toHaveLength(1);
    expect(rows.body[0].status).toBe('error');
    expect(rows.body[0].errorMessage).toMatch(/docker-compose .*exited with code/);
    expect(readFileSync(rows.body[0].logPath, 'utf8')).toContain('--no-such-flag');
  });

  it('writes .env with shared project variables resolved', async () => {
    const { composeId, appName } = await newCompose(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dokploy's shared-variable syntax
      { env: 'GREETING=${{project.WORD}} there', command: 'version' },
      'WORD=hello',
    );

    await call('compose.deploy', { composeId });
    await standIn.idle();
    const envFile = readFileSync(join(workDir, 'compose', appName, 'code', '.env'), 'utf8');

    expect(envFile.split('\n')).toEqual([
      `APP_NAME="${appName}"`,
      `COMPOSE_PROJECT_NAME="${appName}"`,
      'GREETING="hello there"',
      'DOCKER_CONFIG="/root/.docker"',
      '',
    ]);
    expect(standIn.state.composes.get(composeId)?.composeStatus).toBe('done');
  });

  it('ends the deployment in error when a shared variable is undefined', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dokploy's shared-variable syntax
    const { composeId } = await newCompose({ env: 'X=${{environment.MISSING}}' });

    await call('compose.redeploy', { composeId });
    await standIn.idle();
    const rows = await call('deployment.allByCompose', { composeId }, 'GET');

    expect(rows.body[0].title).toBe('Rebuild deployment');
    expect(rows.body[0].errorMessage).toBe(
      'Invalid environment environment variable: environment.MISSING',
    );
  });

  it('keeps only the newest 10 deployments of a service', async () => {
    const { composeId } = await newCompose({ command: 'version' });

    for (let i = 1; i <= 12; i++) {
      await call('compose.deploy', { composeId, title: `run ${i}` });
    }
    await standIn.idle();
    const rows = await call('deployment.allByCompose', { composeId }, 'GET');

    expect(rows.body.map((row: { title: string }) => row.title)).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((i) => `run ${i}`),
    );
  });

  it('turns a rate-limited key into 401 after its budget (two verifications per call)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${standIn.url}/api/settings.getDokployVersion`, {
        headers: { 'x-api-key': 'limited' },
      });
      statuses.push(res.status);
    }

    expect(statuses).toEqual([200, 200, 401]);
    expect(standIn.requests.at(-1)?.apiKey).toBe('rate-limited');
  });
});

describe('Dokploy stand-in imitating v0.24', () => {
  it('lists services on the project, without environments', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'standin-v024-'));
    const standIn = await createStandIn({
      dockerHost: testEnv().engine.host,
      apiKeys: [KEY],
      workDir,
      version: 'v0.24.1',
    });
    const { environment } = standIn.state.addProject({ name: 'old' });
    standIn.state.addCompose({ name: 'svc', environmentId: environment.environmentId });

    const res = await fetch(`${standIn.url}/api/project.all`, { headers: { 'x-api-key': KEY } });
    const projects = (await res.json()) as Array<{ environments?: unknown; compose: unknown[] }>;
    await standIn.close();
    rmSync(workDir, { recursive: true, force: true });

    expect(projects[0]?.environments).toBeUndefined();
    expect(projects[0]?.compose[0]).toMatchObject({ name: 'svc', composeType: 'docker-compose' });
  });
});
