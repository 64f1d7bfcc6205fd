import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSwarm, leaveSwarm, makeImage, pushImage, testEnv } from '../support/env/index.js';
import { createStandIn, type StandIn } from '../support/standin/index.js';
import {
  type Exchange,
  learnIds,
  loadExchanges,
  type RawResponse,
  sendRaw,
  shapeDiff,
  substitute,
} from './replay.js';

// Replays Dokploy's recorded exchanges 040-510 against the stand-in, in order, deploys included.
// Left out: 010-030 (sign-up and key creation, which the stand-in does by configuration) and
// 470 (the native tRPC surface, which clients of the REST API never use).
const SKIPPED = /^(010|020|030|470)-/;
const MAIN_KEY = 'contract-main-key';
const LIMITED_KEY = 'contract-limited-key';
const RECORDED_IMAGE = '127.0.0.1:5000/demo/app:latest';
// A GET whose answer depends on a deploy in flight is asked again until it has the recorded
// shape, as the recording itself was made by polling.
const SETTLE_MS = 90_000;

function compare(exchange: Exchange, res: RawResponse): string[] {
  const want = exchange.response;
  const problems: string[] = [];
  if (res.status !== want.status) problems.push(`status ${res.status}, recorded ${want.status}`);
  const wantType = want.headers['content-type'] !== undefined;
  if ((res.contentType !== undefined) !== wantType) {
    problems.push(
      `content-type ${res.contentType ?? 'absent'}, recorded ${wantType ? 'present' : 'absent'}`,
    );
  }
  if (want.body_encoding === 'empty' && res.text !== '')
    problems.push(`body not empty: ${res.text}`);
  if (want.body_encoding === 'text' && res.text !== want.body) problems.push(`body ${res.text}`);
  if (want.body_encoding === 'json') {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      return [...problems, `body is not JSON: ${res.text.slice(0, 200)}`];
    }
    problems.push(...shapeDiff(want.body, body));
  }
  return problems;
}

describe('the stand-in answers the recorded Dokploy exchanges', () => {
  const env = testEnv();
  const docker = new Docker({ socketPath: env.engine.socketPath });
  const image = `${env.registry.host}/contract/app:latest`;
  const workDir = mkdtempSync(join(tmpdir(), 'contract-standin-'));
  const ids = new Map<string, string>();
  let standIn: StandIn;
  let startedSwarm = false;

  beforeAll(async () => {
    await makeImage(env.engine, image, 'v1');
    await pushImage(env.engine, image);
    const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string } };
    if (info.Swarm?.LocalNodeState !== 'active') {
      await initSwarm(env.engine);
      startedSwarm = true;
    }
    standIn = await createStandIn({
      dockerHost: env.engine.host,
      apiKeys: [MAIN_KEY, { key: LIMITED_KEY, rateLimit: { max: 10 } }],
      workDir,
      dockerConfigDir: env.dockerConfigDir,
    });
  });

  afterAll(async () => {
    await standIn?.close();
    for (const [recorded, mine] of ids) {
      if (!recorded.startsWith('compose-') && !recorded.startsWith('app-')) continue;
      await docker
        .getService(mine)
        .remove()
        .catch(() => undefined);
      const filters = { label: [`com.docker.compose.project=${mine}`] };
      for (const c of await docker.listContainers({ all: true, filters })) {
        await docker.getContainer(c.Id).remove({ force: true });
      }
    }
    if (startedSwarm) await leaveSwarm(env.engine);
    rmSync(workDir, { recursive: true, force: true });
  });

  async function replay(exchange: Exchange): Promise<{ res: RawResponse; problems: string[] }> {
    const texts: Array<[string, string]> = [[RECORDED_IMAGE, image]];
    const rq = exchange.request;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(rq.headers)) {
      headers[name] = value
        .replace('<api-key-ratelimited>', LIMITED_KEY)
        .replace('<api-key>', MAIN_KEY);
    }
    const query = substitute(rq.query, ids, texts) as Record<string, string>;
    const search = new URLSearchParams(query).toString();
    const path = search ? `${rq.path}?${search}` : rq.path;
    const body =
      rq.body === null
        ? undefined
        : typeof rq.body === 'string'
          ? rq.body
          : JSON.stringify(substitute(rq.body, ids, texts));
    const deadline = Date.now() + (rq.method === 'GET' ? SETTLE_MS : 0);
    for (;;) {
      const res = await sendRaw(standIn.url, rq.method, path, headers, body);
      const problems = compare(exchange, res);
      if (problems.length === 0 || Date.now() > deadline) return { res, problems };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const exchanges = loadExchanges().filter((exchange) => !SKIPPED.test(exchange.file));

  it('has the recorded exchanges to replay', () => {
    expect(exchanges.length).toBe(47);
  });

  for (const exchange of exchanges) {
    it(`${exchange.file}`, async () => {
      if (exchange.file.startsWith('510-')) {
        // Five calls spend the ten verifications the limited key has (two per call).
        for (let i = 0; i < 5; i++) {
          const ok = await sendRaw(
            standIn.url,
            'GET',
            '/api/settings.getDokployVersion',
            {
              'x-api-key': LIMITED_KEY,
            },
            undefined,
          );
          expect(ok.status).toBe(200);
        }
      }

      const { res, problems } = await replay(exchange);

      expect(problems).toEqual([]);
      if (exchange.response.body_encoding === 'json' && res.status === 200) {
        learnIds(exchange.response.body, JSON.parse(res.text), ids);
      }
    });
  }
});
