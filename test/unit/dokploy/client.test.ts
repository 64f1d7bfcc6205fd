import { afterEach, describe, expect, it } from 'vitest';
import {
  createDokployClient,
  DokployAuthError,
  DokployNotFoundError,
  DokployRequestError,
  DokployResponseError,
  DokployUnavailableError,
} from '../../../src/dokploy/index.js';
import { redactSecrets } from '../../../src/log/index.js';
import {
  captureLogger,
  json,
  type RecordedServer,
  type Routes,
  recorded,
  recordedBody,
  startRecordedServer,
} from './recorded-server.js';

const API_KEY = 'unit-test-key-9f8e7d6c5b4a';
let server: RecordedServer | undefined;

async function clientFor(routes: Routes, baseSuffix = '') {
  server = await startRecordedServer(routes);
  const { logger, lines } = captureLogger();
  const client = createDokployClient({ baseUrl: server.url + baseSuffix, apiKey: API_KEY, logger });
  return { client, server, lines };
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Dokploy client on recorded responses', () => {
  it('reads the version with a GET carrying the key and no body', async () => {
    const { client, server } = await clientFor({
      'GET /api/settings.getDokployVersion': [recorded('040-settings.getDokployVersion.json')],
    });

    const version = await client.version();

    expect(version).toBe('v0.30.2');
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(server.requests[0]?.headers['content-type']).toBeUndefined();
    expect(server.unexpected).toEqual([]);
  });

  it('accepts a base URL that already ends in /api/', async () => {
    const { client, server } = await clientFor(
      { 'GET /api/project.all': [recorded('050-project.all-empty.json')] },
      '/api/',
    );

    expect(await client.projects()).toEqual([]);
    expect(server.unexpected).toEqual([]);
  });

  it('parses the trimmed v0.28.3+ project list and calls project.all once per client', async () => {
    const { client, server } = await clientFor({
      'GET /api/project.all': [recorded('490-project.all-final.json')],
    });

    const first = await client.projects();
    const second = await client.projects();

    expect(second).toBe(first);
    expect(server.requests).toHaveLength(1);
    expect(client.callCount()).toBe(1);
    const environments = first[0]?.environments ?? [];
    expect(environments.map((e) => e.name)).toEqual(['production', 'staging']);
    expect(environments[0]?.compose?.[0]).toMatchObject({
      composeId: '5tKL77VZw0X1UcWZljY-_',
      name: 'rec-compose',
      composeStatus: 'done',
    });
  });

  it('parses compose.one and sends the ID as a flat query parameter', async () => {
    const { client, server } = await clientFor({
      'GET /api/compose.one': [recorded('140-compose.one.json')],
    });

    const compose = await client.compose('5tKL77VZw0X1UcWZljY-_');

    expect(server.requests[0]?.query).toEqual({ composeId: '5tKL77VZw0X1UcWZljY-_' });
    expect(compose).toMatchObject({
      appName: 'compose-navigate-cross-platform-capacitor-ayzlju',
      composeType: 'docker-compose',
      sourceType: 'raw',
      composePath: './docker-compose.yml',
      env: 'GREETING=hello',
      command: '',
      serverId: null,
      environment: { name: 'production', env: '', project: { name: 'rec-project', env: '' } },
    });
    expect(compose.composeFile).toContain('image: 127.0.0.1:5000/demo/app:latest');
  });

  it('parses application.one and registers a registry password as a secret', async () => {
    const body = recordedBody('260-application.one.json') as Record<string, unknown>;
    const { client } = await clientFor({
      'GET /api/application.one': [json({ ...body, password: 'registry-pass-4242' })],
    });

    const app = await client.application('wcfC3217OMus4Oy2g1xJ5');

    expect(app).toMatchObject({
      appName: 'app-index-mobile-interface-7vvry6',
      sourceType: 'docker',
      dockerImage: '127.0.0.1:5000/demo/app:latest',
      serverId: null,
      applicationStatus: 'done',
    });
    expect(redactSecrets('login with registry-pass-4242')).toBe('login with [redacted]');
  });

  it('posts mutations as JSON with a content-type, and accepts an empty 200 body', async () => {
    const { client, server } = await clientFor({
      'POST /api/compose.redeploy': [recorded('200-compose.redeploy.json')],
      'POST /api/application.deploy': [recorded('240-application.deploy.json')],
    });

    await client.redeployCompose('5tKL77VZw0X1UcWZljY-_', 'autoupdate: web');
    await client.deployApplication('wcfC3217OMus4Oy2g1xJ5');

    const [redeploy, deploy] = server.requests;
    expect(redeploy?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(redeploy?.body ?? '')).toEqual({
      composeId: '5tKL77VZw0X1UcWZljY-_',
      title: 'autoupdate: web',
    });
    expect(JSON.parse(deploy?.body ?? '')).toEqual({ applicationId: 'wcfC3217OMus4Oy2g1xJ5' });
  });

  it('reads deployment rows and never caches them', async () => {
    const { client } = await clientFor({
      'GET /api/deployment.allByCompose': [
        recorded('160-deployment.allByCompose-first.json'),
        recorded('210-deployment.allByCompose-after-redeploy.json'),
      ],
    });

    const first = await client.composeDeployments('5tKL77VZw0X1UcWZljY-_');
    const second = await client.composeDeployments('5tKL77VZw0X1UcWZljY-_');

    expect(first.map((d) => d.status)).toEqual(['running']);
    expect(second.map((d) => [d.title, d.status])).toEqual([
      ['Rebuild deployment', 'done'],
      ['Manual deployment', 'done'],
    ]);
    expect(client.callCount()).toBe(2);
  });
});

describe('Dokploy client errors, classed by what the caller does next', () => {
  const cases: Array<[string, string, string, new (...args: never[]) => Error, string]> = [
    [
      'unknown compose',
      'GET /api/compose.one',
      '410-err-unknown-id.compose.one.json',
      DokployNotFoundError,
      'Compose not found',
    ],
    [
      'unknown application',
      'GET /api/compose.one',
      '430-err-unknown-id.application.one.json',
      DokployNotFoundError,
      'Application not found',
    ],
    [
      'unknown procedure',
      'GET /api/compose.one',
      '440-err-unknown-procedure.compose.nope.json',
      DokployNotFoundError,
      'Not found',
    ],
    [
      'validation',
      'GET /api/compose.one',
      '400-err-validation-missing-param.compose.one.json',
      DokployRequestError,
      'Input validation failed (composeId: Invalid input',
    ],
    [
      'content-type',
      'GET /api/compose.one',
      '380-err-text-plain-content-type.compose.deploy.json',
      DokployRequestError,
      'Unsupported content-type "text/plain',
    ],
    [
      'plain-text body',
      'GET /api/compose.one',
      '450-err-malformed-json.compose.deploy.json',
      DokployRequestError,
      'Invalid JSON',
    ],
    [
      'missing key',
      'GET /api/compose.one',
      '330-err-missing-key.project.all.json',
      DokployAuthError,
      'Check DOKPLOY_API_KEY',
    ],
  ];

  it.each(cases)('%s', async (_label, route, file, errorClass, said) => {
    const { client } = await clientFor({ [route]: [recorded(file)] });

    const error = await client.compose('x').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toContain(said);
    expect((error as Error).message).toContain('compose.one');
  });

  it('a 5xx is "try again later"', async () => {
    const { client } = await clientFor({
      'GET /api/project.all': [{ status: 502, text: '<html>Bad Gateway</html>' }],
    });

    const error = await client.projects().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DokployUnavailableError);
    expect((error as Error).message).toContain('Bad Gateway');
  });

  it('a failed call is not cached: the next one asks again', async () => {
    const { client } = await clientFor({
      'GET /api/project.all': [{ status: 503, text: '' }, recorded('050-project.all-empty.json')],
    });

    await expect(client.projects()).rejects.toBeInstanceOf(DokployUnavailableError);
    expect(await client.projects()).toEqual([]);
  });

  it('a refused connection is "try again later"', async () => {
    const { client, server } = await clientFor({});
    await server.close();

    await expect(client.version()).rejects.toBeInstanceOf(DokployUnavailableError);
  });

  it('a server that never answers hits the deadline', async () => {
    server = await startRecordedServer({
      'GET /api/project.all': [{ status: 200, text: '', hang: true }],
    });
    const { logger } = captureLogger();
    const client = createDokployClient({
      baseUrl: server.url,
      apiKey: API_KEY,
      logger,
      timeoutMs: 50,
    });

    const error = await client.projects().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DokployUnavailableError);
    expect((error as Error).cause).toBeDefined();
  });

  it('a key that worked and then answers 401 is reported as possibly rate limited', async () => {
    const { client } = await clientFor({
      'GET /api/settings.getDokployVersion': [recorded('040-settings.getDokployVersion.json')],
      'GET /api/project.all': [
        recorded('510-err-ratelimited-key-default-10-per-day.settings.getDokployVersion.json'),
      ],
    });
    await client.version();

    const error = await client.projects().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DokployAuthError);
    expect((error as DokployAuthError).maybeRateLimited).toBe(true);
    expect((error as Error).message).toMatch(/rate-limiting the key.*rate limiting turned off/);
  });

  it('a first 401 is a bad key, not a rate limit', async () => {
    const { client } = await clientFor({
      'GET /api/project.all': [recorded('340-err-bad-key.project.all.json')],
    });

    const error = await client.projects().catch((e: unknown) => e);

    expect((error as DokployAuthError).maybeRateLimited).toBe(false);
  });

  it('a success body of the wrong shape names the procedure and the field', async () => {
    const body = recordedBody('490-project.all-final.json') as Array<Record<string, unknown>>;
    const broken = [{ ...body[0], environments: [{ environmentId: 'e1', name: 7 }] }];
    const { client } = await clientFor({ 'GET /api/project.all': [json(broken)] });

    const error = await client.projects().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DokployResponseError);
    expect((error as Error).message).toContain('project.all');
    expect((error as Error).message).toContain('[0].environments[0].name');
  });

  it('never shows the API key in messages or logs, even when Dokploy echoes it', async () => {
    const { client, lines } = await clientFor({
      'GET /api/compose.one': [json({ message: `bad key ${API_KEY}`, code: 'BAD_REQUEST' }, 400)],
      'GET /api/project.all': [{ status: 500, text: `boom ${API_KEY}` }],
    });

    const errors = [
      await client.compose('x').catch((e: unknown) => e),
      await client.projects().catch((e: unknown) => e),
    ];

    for (const error of errors) expect((error as Error).message).not.toContain(API_KEY);
    expect((errors[0] as Error).message).toContain('[redacted]');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain(API_KEY);
  });
});
