import { describe, expect, it } from 'vitest';
import {
  DeploymentTimeoutError,
  DokployNotFoundError,
  waitForNewApplicationDeployment,
  waitForNewDeployment,
} from '../../../src/dokploy/index.js';
import { json, recorded, recordedBody, recordedClients } from './recorded-server.js';

const COMPOSE_ID = '5tKL77VZw0X1UcWZljY-_';
const FIRST = 'LFLLObnkTRa7nRwwmoBHr';
const REBUILD = 'PlQCahTBKi29BucUoyWgW';
const quick = { pollMs: 5, timeoutMs: 5_000 };
const clientFor = recordedClients('wait-key-5678');

describe('waitForNewDeployment', () => {
  it('waits until a row that was not there before finishes', async () => {
    const { client, server } = await clientFor({
      'GET /api/deployment.allByCompose': [
        recorded('170-deployment.allByCompose-final.json'),
        recorded('170-deployment.allByCompose-final.json'),
        recorded('210-deployment.allByCompose-after-redeploy.json'),
      ],
    });

    const row = await waitForNewDeployment(client, COMPOSE_ID, new Set([FIRST]), quick);

    expect(row).toMatchObject({
      deploymentId: REBUILD,
      status: 'done',
      title: 'Rebuild deployment',
    });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.query).toEqual({ composeId: COMPOSE_ID });
  });

  it('returns a failed deployment as it is, for the caller to report', async () => {
    const rows = recordedBody('160-deployment.allByCompose-first.json') as Array<object>;
    const failed = [{ ...rows[0], status: 'error', errorMessage: 'pull access denied' }];
    const { client } = await clientFor({
      'GET /api/deployment.allByCompose': [recorded('050-project.all-empty.json'), json(failed)],
    });

    const row = await waitForNewDeployment(client, COMPOSE_ID, new Set(), quick);

    expect(row).toMatchObject({ status: 'error', errorMessage: 'pull access denied' });
  });

  it('picks the row with our title when another deploy started meanwhile', async () => {
    const rows = recordedBody('210-deployment.allByCompose-after-redeploy.json') as Array<object>;
    const ours = { ...rows[1], deploymentId: 'ours', title: 'autoupdate: web' };
    const theirs = { ...rows[0], deploymentId: 'theirs', title: 'Manual deployment' };
    const { client } = await clientFor({
      'GET /api/deployment.allByCompose': [json([theirs, ours])],
    });

    const row = await waitForNewDeployment(client, COMPOSE_ID, new Set(), {
      ...quick,
      title: 'autoupdate: web',
    });

    expect(row.deploymentId).toBe('ours');
  });

  it('keeps polling through a 5xx and gives up on other errors', async () => {
    const { client } = await clientFor({
      'GET /api/deployment.allByCompose': [
        { status: 502, text: 'Bad Gateway' },
        recorded('170-deployment.allByCompose-final.json'),
      ],
      'GET /api/deployment.all': [recorded('430-err-unknown-id.application.one.json')],
    });

    const row = await waitForNewDeployment(client, COMPOSE_ID, new Set(), quick);
    const error = await waitForNewApplicationDeployment(client, 'nope', new Set(), quick).catch(
      (e) => e,
    );

    expect(row.deploymentId).toBe(FIRST);
    expect(error).toBeInstanceOf(DokployNotFoundError);
  });

  it('times out naming the deployment that is still running', async () => {
    const { client } = await clientFor({
      'GET /api/deployment.allByCompose': [recorded('160-deployment.allByCompose-first.json')],
    });

    const error = await waitForNewDeployment(client, COMPOSE_ID, new Set(), {
      pollMs: 5,
      timeoutMs: 30,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(DeploymentTimeoutError);
    expect(error.details.lastSeen).toEqual({ deploymentId: FIRST, status: 'running' });
    expect(error.message).toContain('still "running"');
  });

  it('times out saying no new row appeared when the job never started', async () => {
    const { client } = await clientFor({
      'GET /api/deployment.allByCompose': [recorded('170-deployment.allByCompose-final.json')],
    });

    const error = await waitForNewDeployment(client, COMPOSE_ID, new Set([FIRST]), {
      pollMs: 5,
      timeoutMs: 30,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(DeploymentTimeoutError);
    expect(error.details.lastSeen).toBeUndefined();
    expect(error.message).toContain('no new deployment started');
  });

  it('stops when the caller aborts', async () => {
    const { client } = await clientFor({
      'GET /api/deployment.allByCompose': [recorded('160-deployment.allByCompose-first.json')],
    });
    const controller = new AbortController();

    const waiting = waitForNewDeployment(client, COMPOSE_ID, new Set(), {
      pollMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('run cancelled')), 20);

    await expect(waiting).rejects.toThrow('run cancelled');
  });
});
