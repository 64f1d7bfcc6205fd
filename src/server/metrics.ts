import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunReport } from '../report/index.js';

export interface ServeMetrics {
  readonly registry: Registry;
  runFinished(report: RunReport, trigger: string, seconds: number): void;
  runSkipped(trigger: string): void;
  runFailed(trigger: string): void;
  /** Wraps one registry digest request, so its latency is observed whatever the outcome. */
  timeRegistryRequest<T>(registryHost: string, work: () => Promise<T>): Promise<T>;
}

const PREFIX = 'dokploy_autoupdate_';

/** Its own prom-client registry, so tests and several servers in one process never collide. */
export function createMetrics(): ServeMetrics {
  const registry = new Registry();
  const registers = [registry];

  const runs = new Counter({
    name: `${PREFIX}runs_total`,
    help: 'Runs finished, by what started them and how they ended.',
    labelNames: ['trigger', 'outcome'],
    registers,
  });
  const skipped = new Counter({
    name: `${PREFIX}runs_skipped_total`,
    help: 'Runs not started because another run was still going.',
    labelNames: ['trigger'],
    registers,
  });
  const images = new Counter({
    name: `${PREFIX}images_checked_total`,
    help: 'Images whose registry digest was compared, by verdict.',
    labelNames: ['status'],
    registers,
  });
  const updates = new Counter({
    name: `${PREFIX}updates_applied_total`,
    help: 'Images pulled, redeployed and verified.',
    registers,
  });
  const failures = new Counter({
    name: `${PREFIX}failures_total`,
    help: 'Images, services or whole runs that failed.',
    labelNames: ['scope'],
    registers,
  });
  const registryRequests = new Counter({
    name: `${PREFIX}registry_requests_total`,
    help: 'Requests sent to registries, by kind (ping, head, get, token, retries).',
    labelNames: ['kind'],
    registers,
  });
  const registryLatency = new Histogram({
    name: `${PREFIX}registry_request_duration_seconds`,
    help: 'Time to learn one reference digest from its registry, auth included.',
    labelNames: ['registry'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const runDuration = new Histogram({
    name: `${PREFIX}run_duration_seconds`,
    help: 'Duration of finished runs.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers,
  });
  const lastRun = new Gauge({
    name: `${PREFIX}last_run_timestamp_seconds`,
    help: 'When the last run finished (Unix time).',
    registers,
  });
  const serviceLastCheck = new Gauge({
    name: `${PREFIX}service_last_check_timestamp_seconds`,
    help: 'When a service was last checked (Unix time).',
    labelNames: ['project', 'service'],
    registers,
  });
  const serviceStatus = new Gauge({
    name: `${PREFIX}service_status`,
    help: 'Outcome of the last check of a service: 1 for its current status, 0 for the others.',
    labelNames: ['project', 'service', 'status'],
    registers,
  });

  const statuses = ['up-to-date', 'update-available', 'updated', 'skipped', 'error'];

  return {
    registry,
    runFinished(report, trigger, seconds) {
      runs.inc({ trigger, outcome: report.exitCode === 0 ? 'success' : 'failure' });
      runDuration.observe(seconds);
      const finished = Date.parse(report.finishedAt) / 1000;
      lastRun.set(finished);
      if (report.errors.length > 0) failures.inc({ scope: 'run' }, report.errors.length);
      for (const [kind, count] of Object.entries(report.registry.requests)) {
        if (typeof count === 'number' && count > 0) registryRequests.inc({ kind }, count);
      }
      for (const service of report.services) {
        const labels = { project: service.project, service: service.name };
        serviceLastCheck.set(labels, finished);
        for (const status of statuses) {
          serviceStatus.set({ ...labels, status }, service.status === status ? 1 : 0);
        }
        if (service.status === 'error') failures.inc({ scope: 'service' });
        for (const image of service.images) {
          images.inc({ status: image.status });
          if (image.status === 'updated') updates.inc();
        }
      }
    },
    runSkipped: (trigger) => skipped.inc({ trigger }),
    runFailed(trigger) {
      runs.inc({ trigger, outcome: 'crash' });
      failures.inc({ scope: 'run' });
    },
    async timeRegistryRequest(registryHost, work) {
      const end = registryLatency.startTimer({ registry: registryHost });
      try {
        return await work();
      } finally {
        end();
      }
    },
  };
}
