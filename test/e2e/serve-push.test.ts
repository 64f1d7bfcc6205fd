import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/env/exec.js';
import {
  makeImage,
  publishVersion,
  pushImage,
  type Registry,
  startRegistry,
} from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';
import { Receiver } from '../unit/notify/receiver.js';
import { parsePrometheusText, sampleValue } from '../unit/server/prom-text.js';
import { type RunRow, ServeProcess } from './serve-support.js';

const TOKEN = `api-${randomBytes(16).toString('hex')}`;
const HOOK_SECRET = `hook-${randomBytes(16).toString('hex')}`;
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let scenario: Scenario;
let registry: Registry;
let receiver: Receiver;
let serve: ServeProcess;
let stateDir: string;
let image: string;
let compose: { composeId: string; appName: string };

const runs = async () => (await serve.json<{ runs: RunRow[] }>('/api/runs')).body.runs;

beforeAll(async () => {
  scenario = await Scenario.start();
  receiver = await Receiver.start();
  stateDir = mkdtempSync(join(tmpdir(), 'serve-state-'));
  const port = await freePort();
  // The registry tells the service of every push, as a production registry would.
  registry = await startRegistry({
    notify: {
      url: `http://127.0.0.1:${port}/hooks/registry`,
      headers: { Authorization: `Bearer ${HOOK_SECRET}` },
    },
  });
  image = `${registry.host}/pushed-${randomBytes(4).toString('hex')}:latest`;
  await makeImage(scenario.env.engine, image, 'v1');
  await pushImage(scenario.env.engine, image);
  const { environmentId } = await scenario.createProject('served');
  compose = await scenario.createCompose(
    environmentId,
    'shop',
    `services:\n  web:\n    image: ${image}\n`,
  );
  await scenario.deploy(compose.composeId);

  serve = await ServeProcess.start(
    scenario,
    [
      '--project',
      'served',
      '--schedule',
      '0 0 1 1 *',
      '--state-dir',
      stateDir,
      '--settle-time',
      '1s',
    ],
    port,
    {
      AUTOUPDATE_API_TOKEN: TOKEN,
      AUTOUPDATE_WEBHOOK_SECRET: HOOK_SECRET,
      AUTOUPDATE_NOTIFY: `generic+http://${receiver.host}/notify`,
    },
  );
  await serve.until('the first run', async () =>
    (await runs()).some((r) => r.status !== 'running'),
  );
});

afterAll(async () => {
  await serve?.stop();
  await registry?.stop();
  await receiver?.close();
  await scenario?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('serve: API, metrics, push-to-redeploy, dashboard', () => {
  it('answers health and reads on loopback, refuses runs without the token', async () => {
    const health = await serve.json<{ ok: boolean }>('/healthz');
    const services = await serve.json<{ services: Array<{ name: string; status: string }> }>(
      '/api/services',
    );
    const anonymous = await fetch(`${serve.url}/api/run`, { method: 'POST' });
    const wrong = await fetch(`${serve.url}/api/run`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });

    expect(health).toMatchObject({ status: 200, body: { ok: true } });
    expect(services.body.services).toEqual([
      expect.objectContaining({ name: 'shop', status: 'up-to-date' }),
    ]);
    expect(anonymous.status).toBe(401);
    expect(wrong.status).toBe(401);
  });

  it('exposes metrics in the Prometheus text format', async () => {
    // The registry may still deliver the v1 push made before the service listened (a retry).
    await serve.until('no run going', async () =>
      (await runs()).every((r) => r.status !== 'running'),
    );
    const checks = (await runs()).length;
    const text = await (await fetch(`${serve.url}/metrics`)).text();

    const metrics = parsePrometheusText(text);

    expect(metrics.types.get('dokploy_autoupdate_runs_total')).toBe('counter');
    expect(sampleValue(metrics, 'dokploy_autoupdate_runs_total', { trigger: 'start' })).toBe(1);
    const upToDate = { status: 'up-to-date' };
    expect(sampleValue(metrics, 'dokploy_autoupdate_images_checked_total', upToDate)).toBe(checks);
    const shop = { service: 'shop', status: 'up-to-date' };
    expect(sampleValue(metrics, 'dokploy_autoupdate_service_status', shop)).toBe(1);
    const latency = 'dokploy_autoupdate_registry_request_duration_seconds_count';
    expect(sampleValue(metrics, latency, { registry: registry.host })).toBe(checks);
  });

  it('ignores pushes of other images and webhooks with a wrong secret', async () => {
    const envelope = {
      events: [
        {
          action: 'push',
          target: {
            mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
            repository: 'other',
            tag: 'latest',
          },
          request: { host: registry.host },
        },
      ],
    };
    const post = (secret: string) =>
      fetch(`${serve.url}/hooks/registry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(envelope),
      });

    const ignored = await post(HOOK_SECRET);
    const refused = await post('wrong-secret-wrong-secret');

    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toEqual({ events: 1, services: [] });
    expect(refused.status).toBe(401);
  });

  it('a real push to the registry redeploys the service using the image, notifies', async () => {
    const newDigest = await publishVersion(scenario.env.engine, image, 'v2');

    await serve.until('the webhook run', async () =>
      (await runs()).some((r) => r.trigger === 'webhook' && r.summary?.updated === 1),
    );

    const webhookRun = (await runs()).find((r) => r.trigger === 'webhook' && r.summary?.updated);
    expect(webhookRun).toMatchObject({ status: 'succeeded', summary: { updated: 1 } });
    expect((await runs()).filter((r) => r.summary?.updated)).toHaveLength(1);
    const running = await scenario.runningImageIds(compose.appName, 'web');
    expect(running).toEqual([await scenario.imageId(image)]);
    const redeploys = scenario.standIn.requests.filter((r) => r.path === '/api/compose.redeploy');
    expect(redeploys).toHaveLength(1);
    const message = receiver.json(receiver.requests.length - 1);
    expect(message).toMatchObject({
      level: 'success',
      changes: [{ project: 'served', service: 'shop/web', image, outcome: 'updated', newDigest }],
    });
  });

  it('shows the dashboard in Chromium; signed in, its Check button starts a check', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1100, height: 800 },
    });
    try {
      const page = await context.newPage();
      await page.goto(`${serve.url}/`);
      expect(await page.locator('table').first().textContent()).toContain(image);
      expect(await page.getByRole('button', { name: 'Check now' }).count()).toBe(0);

      await page.goto(`${serve.url}/login`);
      await page.fill('#token', TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${serve.url}/`);
      const cookie = (await context.cookies()).find((c) => c.name === 'dau_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

      // The session alone is not enough: a form post without the CSRF token is refused.
      const forged = await context.request.post(`${serve.url}/ui/run`, { form: { x: '1' } });
      expect(forged.status()).toBe(403);

      // The registry may still be delivering retried events; the button needs an idle service.
      await serve.until('no run going', async () =>
        (await runs()).every((r) => r.status !== 'running'),
      );
      await page.getByRole('button', { name: 'Check now' }).click();
      await page.waitForURL(/notice=Check%20started/);
      await serve.until('the check from the dashboard', async () =>
        (await runs()).some((r) => r.trigger === 'api' && r.dryRun && r.status !== 'running'),
      );
      await page.goto(`${serve.url}/`);
      const text = await page.locator('main').textContent();
      expect(text).toContain('updated');
      expect(text).toContain('webhook');

      const shots = resolve(import.meta.dirname, '../../.tmp');
      mkdirSync(shots, { recursive: true });
      const file = join(shots, 'serve-dashboard.png');
      await page.screenshot({ path: file, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(shots, 'serve-dashboard-phone.png'), fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('stops cleanly on SIGTERM, having logged none of its secrets', async () => {
    expect(await serve.stop()).toBe(0);
    expect(serve.logs).toContain('"msg":"stopped"');
    for (const secret of [TOKEN, HOOK_SECRET, scenario.apiKey]) {
      expect(serve.logs).not.toContain(secret);
    }
  });
});
