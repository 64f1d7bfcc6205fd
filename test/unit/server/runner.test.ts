import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log/index.js';
import { createNotifier } from '../../../src/notify/index.js';
import { createMetrics, Runner, serveOptionsSchema } from '../../../src/server/index.js';
import { storeWithOneRun } from './fixtures.js';
import { parsePrometheusText, sampleValue } from './prom-text.js';

function gate() {
  let open = () => {};
  const opened = new Promise<void>((done) => {
    open = done;
  });
  return { open, opened };
}

describe('one run at a time', () => {
  it('skips and counts a scheduled run while one is going; queues a webhook check', async () => {
    const { store, cleanup } = storeWithOneRun();
    const logger = createLogger({ level: 'silent', pretty: false });
    const metrics = createMetrics();
    const first = gate();
    const configs: Array<string[]> = [];
    const runner = new Runner({
      config: configSchema.parse({ dokployUrl: 'http://d.local', dokployApiKey: 'k', all: true }),
      options: serveOptionsSchema.parse({}),
      // Each run stops at its context: enough to see what it was asked for, and when.
      createContext: async (config) => {
        configs.push(config.composeIds);
        if (configs.length === 1) await first.opened;
        throw new Error('no Dokploy here');
      },
      store,
      notifier: createNotifier({ urls: [], logger }),
      metrics,
      logger,
    });

    try {
      const started = runner.request({ trigger: 'schedule' });
      const skipped = runner.request({ trigger: 'schedule' });
      const queued = runner.request({ trigger: 'webhook', composeIds: ['c9'] });
      first.open();
      await runner.idle();

      expect([started, skipped, queued]).toEqual([true, false, false]);
      expect(configs).toEqual([[], ['c9']]);
      const text = parsePrometheusText(await metrics.registry.metrics());
      expect(
        sampleValue(text, 'dokploy_autoupdate_runs_skipped_total', { trigger: 'schedule' }),
      ).toBe(1);
      expect(store.listRuns({ limit: 2 }).map((r) => [r.trigger, r.status])).toEqual([
        ['webhook', 'failed'],
        ['schedule', 'failed'],
      ]);
    } finally {
      cleanup();
    }
  });
});
