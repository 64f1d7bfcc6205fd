import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkRequestAgainstOpenApi } from '../support/openapi.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;

beforeAll(async () => {
  scenario = await Scenario.start();
});

afterAll(async () => {
  await scenario?.close();
});

function mutations() {
  return scenario.standIn.requests.filter((r) => r.method === 'POST').map((r) => r.path);
}

describe('install creates the service mode in Dokploy', () => {
  it('creates, configures and deploys a compose service in the default environment', async () => {
    for (const name of ['ops', 'shop', 'blog']) await scenario.createProject(name);
    const before = scenario.standIn.requests.length;

    const result = await scenario.cli([
      'install',
      '--project',
      'ops',
      '--watch',
      'shop',
      '--watch',
      'blog',
      '--image',
      '127.0.0.1:5000/tools/dokploy-autoupdate:1.2.3',
    ]);

    expect(result.code, result.stderr).toBe(0);
    const sent = scenario.standIn.requests.slice(before);
    expect(sent.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      '/api/compose.create',
      '/api/compose.update',
      '/api/compose.deploy',
    ]);
    for (const request of sent) expect(checkRequestAgainstOpenApi(request)).toEqual([]);
    const row = [...scenario.standIn.state.composes.values()].find(
      (c) => c.name === 'dokploy-autoupdate',
    );
    const compose = parseYaml(row?.composeFile ?? '') as {
      services: Record<string, { command: string[]; volumes: string[] }>;
    };
    const service = compose.services['dokploy-autoupdate'];
    expect(service?.command).toEqual(
      expect.arrayContaining(['serve', '--project', 'shop', '--project', 'blog']),
    );
    expect(service?.volumes.some((v) => v.startsWith('../files/'))).toBe(false);
    expect(row?.env).toContain('AUTOUPDATE_IMAGE=127.0.0.1:5000/tools/dokploy-autoupdate:1.2.3');
    expect(row?.env).toMatch(/^AUTOUPDATE_API_TOKEN=\S{32}$/m);
    // A loopback Dokploy URL means the host, which the container reaches by the gateway's name.
    expect(row?.env).toMatch(/^DOKPLOY_URL=http:\/\/host\.docker\.internal:\d+$/m);
    expect(result.stdout).toContain('Created compose service dokploy-autoupdate in ops/production');
    expect(result.stdout + result.stderr).not.toContain(scenario.apiKey);
  });

  it('uses the environment named by --environment, and can skip the deploy', async () => {
    const { projectId } = await scenario.createProject('ops-staging');
    await scenario.call('environment.create', { projectId, name: 'staging' });
    const before = scenario.standIn.requests.length;

    const result = await scenario.cli([
      'install',
      '--project',
      'ops-staging',
      '--environment',
      'staging',
      '--no-deploy',
    ]);

    expect(result.code, result.stderr).toBe(0);
    const created = scenario.standIn.requests
      .slice(before)
      .find((r) => r.path === '/api/compose.create');
    const staging = [...scenario.standIn.state.environments.values()].find(
      (e) => e.name === 'staging' && e.projectId === projectId,
    );
    expect((created?.body as { environmentId?: string } | undefined)?.environmentId).toBe(
      staging?.environmentId,
    );
    expect(mutations().slice(-1)).toEqual(['/api/compose.update']);
    const row = [...scenario.standIn.state.composes.values()].find(
      (c) => c.environmentId === staging?.environmentId,
    );
    const compose = parseYaml(row?.composeFile ?? '') as {
      services: Record<string, { command: string[] }>;
    };
    // Without --watch the service watches everything the key can see.
    expect(compose.services['dokploy-autoupdate']?.command).toContain('--all');
  });

  it('lists the projects Dokploy has for an unknown project, and creates nothing', async () => {
    const before = mutations().length;

    const result = await scenario.cli(['install', '--project', 'nope', '--watch', 'shop']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no project named nope \(projects: .*ops/);
    expect(mutations().length).toBe(before);
  });

  it('refuses a --watch project Dokploy does not have, listing the known ones', async () => {
    const before = mutations().length;

    const result = await scenario.cli(['install', '--project', 'ops', '--watch', 'nope']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--watch nope: Dokploy has no such project \(projects: .*shop/);
    expect(mutations().length).toBe(before);
  });
});
