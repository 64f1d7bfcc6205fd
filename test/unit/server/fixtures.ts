import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/log/index.js';
import type { Runner, RunRequest, ServerDeps } from '../../../src/server/index.js';
import { Auth, createMetrics } from '../../../src/server/index.js';
import { openStateStore, type StateStore } from '../../../src/state/index.js';
import { runReport, service } from '../notify/fixtures.js';

export const TOKEN = 'token-0123456789abcdef';
export const SECRET = 'hook-0123456789abcdef';

/** A runner that records what it was asked instead of running anything. */
export function fakeRunner(answer = true) {
  const requests: RunRequest[] = [];
  const runner = {
    requests,
    current: () => undefined,
    request: (request: RunRequest) => {
      requests.push(request);
      return answer;
    },
  };
  return runner as unknown as Runner & { requests: RunRequest[] };
}

/** A JSON state store in a temp folder holding one stored run of one service. */
export function storeWithOneRun(): { store: StateStore; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'server-unit-'));
  const store = openStateStore({ dir, driver: 'json' });
  const report = runReport([service()]);
  const run = store.beginRun({ trigger: 'schedule', dryRun: false });
  store.finishRun(run.id, { status: 'succeeded', exitCode: 0, report });
  const [one] = report.services;
  if (one) {
    store.saveServiceState({
      target: `compose:${one.id}`,
      runId: run.id,
      at: report.finishedAt,
      status: one.status,
      report: one,
    });
  }
  return {
    store,
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function deps(
  store: StateStore,
  options: { openReads: boolean; token?: string; runner?: Runner },
): ServerDeps {
  return {
    runner: options.runner ?? fakeRunner(),
    store,
    metrics: createMetrics(),
    auth: new Auth({
      openReads: options.openReads,
      ...(options.token ? { apiToken: options.token } : {}),
    }),
    logger: createLogger({ level: 'silent', pretty: false }),
    webhookSecret: SECRET,
    checkOnly: false,
  };
}
