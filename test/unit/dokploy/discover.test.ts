import { describe, expect, it } from 'vitest';
import {
  DokployUnavailableError,
  discoverTargets,
  SelectionError,
} from '../../../src/dokploy/index.js';
import { redactSecrets } from '../../../src/log/index.js';
import { json, recorded, recordedBody, recordedClients } from './recorded-server.js';

const clientFor = recordedClients('discover-key-1234');

const recordedTarget = {
  kind: 'compose',
  composeId: '5tKL77VZw0X1UcWZljY-_',
  name: 'rec-compose',
  appName: 'compose-navigate-cross-platform-capacitor-ayzlju',
  composeType: 'docker-compose',
  sourceType: 'raw',
  composePath: './docker-compose.yml',
  env: 'GREETING=hello',
  projectName: 'rec-project',
  environmentName: 'production',
  projectEnv: '',
  environmentEnv: '',
  serverId: null,
  command: '',
};

describe('discoverTargets on recorded responses', () => {
  it('finds the compose service of a project with one project.all and one compose.one', async () => {
    const { client, server } = await clientFor({
      'GET /api/project.all': [recorded('490-project.all-final.json')],
      'GET /api/compose.one': [recorded('500-compose.one-final.json')],
      'GET /api/application.one': [recorded('260-application.one.json')],
    });

    const discovery = await discoverTargets(client, { projects: ['rec-project'] });

    expect(discovery.targets).toEqual([
      { ...recordedTarget, composeFile: expect.stringContaining('demo/app:latest') },
      {
        kind: 'application',
        applicationId: 'wcfC3217OMus4Oy2g1xJ5',
        name: 'rec-app',
        appName: 'app-index-mobile-interface-7vvry6',
        dockerImage: '127.0.0.1:5000/demo/app:latest',
        projectName: 'rec-project',
        environmentName: 'production',
        serverId: null,
      },
    ]);
    expect(discovery.notApplicable).toEqual([]);
    expect(discovery.version).toBeUndefined();
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/project.all',
      '/api/compose.one',
      '/api/application.one',
    ]);
    expect(server.unexpected).toEqual([]);
  });

  it('reads the version only when asked', async () => {
    const { client } = await clientFor({
      'GET /api/settings.getDokployVersion': [recorded('040-settings.getDokployVersion.json')],
      'GET /api/project.all': [recorded('050-project.all-empty.json')],
    });

    const discovery = await discoverTargets(
      client,
      { projects: [], all: true },
      { includeVersion: true },
    );

    expect(discovery).toEqual({ version: 'v0.30.2', targets: [], notApplicable: [], failures: [] });
  });

  it('lists the known project names for an unknown one, before fetching any service', async () => {
    const { client, server } = await clientFor({
      'GET /api/project.all': [recorded('490-project.all-final.json')],
    });

    const error = await discoverTargets(client, { projects: ['Rec-Project'] }).catch((e) => e);

    expect(error).toBeInstanceOf(SelectionError);
    expect(error.message).toContain('"rec-project"');
    expect(server.requests).toHaveLength(1);
  });

  it('takes --compose-id targets without calling project.all', async () => {
    const { client, server } = await clientFor({
      'GET /api/compose.one': [recorded('140-compose.one.json')],
    });

    const discovery = await discoverTargets(client, {
      projects: [],
      composeIds: ['5tKL77VZw0X1UcWZljY-_', '5tKL77VZw0X1UcWZljY-_'],
    });

    expect(discovery.targets).toHaveLength(1);
    expect(discovery.targets[0]).toMatchObject({ ...recordedTarget });
    expect(server.requests.map((r) => r.path)).toEqual(['/api/compose.one']);
  });

  it('turns an unknown --compose-id into a selection error', async () => {
    const { client } = await clientFor({
      'GET /api/compose.one': [recorded('410-err-unknown-id.compose.one.json')],
    });

    const error = await discoverTargets(client, { projects: [], composeIds: ['nope'] }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(SelectionError);
    expect(error.message).toContain('"nope"');
  });

  it('records a service deleted meanwhile and still returns the others', async () => {
    const projects = recordedBody('490-project.all-final.json') as Array<{
      environments: Array<{ compose: unknown[] }>;
    }>;
    projects[0]?.environments[1]?.compose.push({
      composeId: 'gone',
      name: 'gone',
      composeStatus: 'done',
    });
    const { client } = await clientFor({
      'GET /api/project.all': [json(projects)],
      'GET /api/compose.one': [
        recorded('500-compose.one-final.json'),
        recorded('410-err-unknown-id.compose.one.json'),
      ],
      'GET /api/application.one': [recorded('260-application.one.json')],
    });

    const discovery = await discoverTargets(client, { projects: ['rec-project'] });

    expect(discovery.targets.map((t) => t.name).sort()).toEqual(['rec-app', 'rec-compose']);
    expect(discovery.failures.map((f) => [f.service.name, f.service.environmentName])).toEqual([
      ['gone', 'staging'],
    ]);
  });

  it('reads the shapes of Dokploy before v0.25: services on the project, compose.one with project', async () => {
    const detail = recordedBody('140-compose.one.json') as Record<string, unknown>;
    const { environment: _dropped, ...legacyDetail } = detail;
    const { client } = await clientFor({
      'GET /api/project.all': [
        json([
          {
            projectId: 'p-old',
            name: 'old-project',
            env: 'REGION=eu',
            compose: [{ ...legacyDetail }],
            applications: [],
          },
        ]),
      ],
      'GET /api/compose.one': [
        json({ ...legacyDetail, project: { name: 'old-project', env: 'REGION=eu' } }),
      ],
    });

    const discovery = await discoverTargets(client, { projects: ['old-project'] });

    expect(discovery.targets[0]).toMatchObject({
      projectName: 'old-project',
      environmentName: null,
      projectEnv: 'REGION=eu',
      environmentEnv: '',
    });
  });

  it('lets an unreachable Dokploy fail the discovery as a whole', async () => {
    const { client } = await clientFor({ 'GET /api/project.all': [{ status: 503, text: '' }] });

    await expect(discoverTargets(client, { projects: ['rec-project'] })).rejects.toBeInstanceOf(
      DokployUnavailableError,
    );
  });

  it('refuses an empty selection', async () => {
    const { client, server } = await clientFor({});

    await expect(discoverTargets(client, { projects: [] })).rejects.toBeInstanceOf(SelectionError);
    expect(server.requests).toEqual([]);
  });

  it('reports git-built applications and databases as not applicable, with a registry login kept', async () => {
    const projects = recordedBody('490-project.all-final.json') as Array<{
      environments: Array<Record<string, unknown[]>>;
    }>;
    const production = projects[0]?.environments[0] ?? {};
    production.postgres = [{ postgresId: 'pg1', name: 'rec-db', applicationStatus: 'done' }];
    production.applications = [
      { applicationId: 'a-git', name: 'git-app' },
      { applicationId: 'a-img', name: 'img-app' },
    ];
    const app = recordedBody('260-application.one.json') as Record<string, unknown>;
    const { client } = await clientFor({
      'GET /api/project.all': [json(projects)],
      'GET /api/compose.one': [recorded('500-compose.one-final.json')],
      'GET /api/application.one': [
        json({ ...app, name: 'git-app', sourceType: 'github', dockerImage: null }),
        json({ ...app, name: 'img-app', username: 'u', password: 'app-secret-1', registryUrl: '' }),
      ],
    });

    const discovery = await discoverTargets(client, { projects: ['rec-project'] });

    expect(discovery.notApplicable.map((n) => [n.service.kind, n.service.name])).toEqual([
      ['application', 'git-app'],
      ['database', 'rec-db'],
    ]);
    expect(discovery.notApplicable[0]?.reason).toContain('from source (github)');
    const imageApp = discovery.targets.find((t) => t.name === 'img-app');
    expect(imageApp).toMatchObject({
      kind: 'application',
      registryLogin: { username: 'u', password: 'app-secret-1', registryUrl: '' },
    });
    expect(redactSecrets('x app-secret-1 y')).not.toContain('app-secret-1');
  });
});
