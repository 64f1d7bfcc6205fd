import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { RunContext } from '../app/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { redactSecrets } from '../log/index.js';
import { createNotifier, type NotifierOptions } from '../notify/index.js';
import { openStateStore, type StateStore } from '../state/index.js';
import { createApp } from './http/app.js';
import { Auth } from './http/auth.js';
import { createMetrics } from './metrics.js';
import { isLoopback, type ServeOptions } from './options.js';
import { Runner } from './runner.js';
import { type Schedule, startSchedule } from './schedule.js';
import type { SelfService } from './self.js';

export interface ServiceParts {
  config: Config;
  options: ServeOptions;
  logger: Logger;
  createContext: (config: Config) => Promise<RunContext>;
  self?: SelfService;
  /** Tests pass their own; otherwise the store of `options.stateDir`. */
  store?: StateStore;
  notifyEndpoints?: NotifierOptions['endpoints'];
}

export interface RunningService {
  url: string;
  runner: Runner;
  store: StateStore;
  schedule: Schedule;
  /** Stops taking runs, waits for the current one within the bound, closes everything. */
  stop(): Promise<'idle' | 'finished' | 'abandoned'>;
}

export async function startService(parts: ServiceParts): Promise<RunningService> {
  const { options, logger } = parts;
  const log = logger.child({ module: 'serve' });
  const store =
    parts.store ??
    openStateStore({
      redact: redactSecrets,
      ...(parts.config.stateDir ? { dir: parts.config.stateDir } : {}),
      ...(parts.config.stateDriver ? { driver: parts.config.stateDriver } : {}),
    });
  const notifier = createNotifier({
    urls: options.notify,
    logger,
    onAvailable: options.notifyOnAvailable,
    ...(options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {}),
    ...(parts.notifyEndpoints ? { endpoints: parts.notifyEndpoints } : {}),
  });
  const metrics = createMetrics();
  const runner = new Runner({
    config: parts.config,
    options,
    createContext: async (config) => {
      const ctx = await parts.createContext(config);
      const registry = ctx.registry;
      // Every digest request of the run is timed for the latency histogram.
      ctx.registry = {
        ...registry,
        fetchDigest: (ref, ...rest) =>
          metrics.timeRegistryRequest(ref.registry, () => registry.fetchDigest(ref, ...rest)),
      };
      return ctx;
    },
    store,
    notifier,
    metrics,
    logger,
    ...(parts.self ? { self: parts.self } : {}),
  });

  const schedule = startSchedule({
    pattern: options.schedule,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    jitterSeconds: options.jitterSeconds,
    onTick: () => {
      runner.request({ trigger: 'schedule' });
    },
  });

  const openReads = isLoopback(options.host) || options.publicReadOnly;
  if (!openReads && !options.apiToken) {
    log.warn('bound to a non-loopback address without an API token: only /healthz answers');
  }
  const auth = new Auth({ openReads, ...(options.apiToken ? { apiToken: options.apiToken } : {}) });
  const app = createApp({
    runner,
    store,
    metrics,
    auth,
    logger,
    checkOnly: options.checkOnly,
    nextRun: () => schedule.nextRun(),
    ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info(
    {
      url,
      schedule: options.schedule,
      timeZone: options.timeZone ?? 'host',
      nextRun: schedule.nextRun()?.toISOString(),
      checkOnly: options.checkOnly,
      notify: notifier.channels,
      webhooks: Boolean(options.webhookSecret),
      mutations: auth.mutationsEnabled,
      self: parts.self?.appName ?? null,
    },
    'serving',
  );
  if (options.runAtStart) runner.request({ trigger: 'start' });

  return {
    url,
    runner,
    store,
    schedule,
    async stop() {
      schedule.stop();
      const outcome = await runner.stop(options.shutdownSeconds * 1000);
      await new Promise<void>((done) => server.close(() => done()));
      if (!parts.store) store.close();
      log.info({ outcome }, 'stopped');
      return outcome;
    },
  };
}
