import { type RunContext, runOnce } from '../app/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { redactSecrets } from '../log/index.js';
import type { Notifier } from '../notify/index.js';
import type { TargetInfo } from '../plan/index.js';
import type { RunReport } from '../report/index.js';
import { type StateStore, targetKey } from '../state/index.js';
import type { ServeMetrics } from './metrics.js';
import type { ServeOptions } from './options.js';
import type { SelfService } from './self.js';

export interface RunRequest {
  trigger: 'start' | 'schedule' | 'api' | 'webhook' | 'self-update';
  /** Only these compose services (webhooks, "update now"); default: the configured selection. */
  composeIds?: string[];
  checkOnly?: boolean;
}

export interface RunnerDeps {
  config: Config;
  options: ServeOptions;
  createContext: (config: Config) => Promise<RunContext>;
  store: StateStore;
  notifier: Notifier;
  metrics: ServeMetrics;
  logger: Logger;
  self?: SelfService;
  now?: () => number;
}

export interface CurrentRun {
  id: string;
  trigger: string;
  startedAt: string;
}

/**
 * The service's one lane: runs never overlap. A request while a run is going is refused (and
 * counted as skipped) unless it is a webhook's, whose services are checked right after.
 */
export class Runner {
  private running?: { info: CurrentRun; done: Promise<void>; abort: AbortController };
  private readonly queued = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: RunnerDeps) {}

  current(): CurrentRun | undefined {
    return this.running?.info;
  }

  /** Starts a run now; returns its ID, or undefined when one is going (then counted, or queued). */
  request(request: RunRequest): string | undefined {
    if (this.stopping) return undefined;
    if (this.running) {
      if (request.trigger === 'webhook' && request.composeIds) {
        for (const id of request.composeIds) this.queued.add(id);
      } else {
        this.deps.metrics.runSkipped(request.trigger);
        this.deps.logger.warn({ trigger: request.trigger }, 'run skipped: another run is going');
      }
      return undefined;
    }
    const abort = new AbortController();
    const run = this.deps.store.beginRun({
      trigger: request.trigger,
      dryRun: this.checkOnly(request),
    });
    const info = { id: run.id, trigger: request.trigger, startedAt: run.startedAt };
    const done = this.execute(run.id, request, abort.signal).finally(() => this.afterRun());
    this.running = { info, done, abort };
    return run.id;
  }

  /** Resolves when no run is going; used by tests and by shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** Lets the current run finish within the bound, then abandons it; starts nothing new. */
  async stop(timeoutMs: number): Promise<'idle' | 'finished' | 'abandoned'> {
    this.stopping = true;
    const running = this.running;
    if (!running) return 'idle';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'abandoned'>((done) => {
      timer = setTimeout(() => done('abandoned'), timeoutMs);
    });
    const outcome = await Promise.race([running.done.then(() => 'finished' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'abandoned') {
      running.abort.abort(new Error('the service is shutting down'));
      this.deps.store.finishRun(running.info.id, {
        status: 'interrupted',
        exitCode: 1,
        note: 'abandoned at shutdown (SIGTERM) after the grace period',
      });
    }
    return outcome;
  }

  private checkOnly(request: RunRequest): boolean {
    return request.checkOnly ?? this.deps.options.checkOnly;
  }

  private async execute(id: string, request: RunRequest, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const log = deps.logger.child({ run: id, trigger: request.trigger });
    const started = (deps.now ?? Date.now)();
    try {
      const ctx = await deps.createContext(this.runConfig(request));
      ctx.signal = signal;
      ctx.holdBack = (target) => this.holdBack(target, request);
      const report = await runOnce(ctx);
      if (signal.aborted) return;
      this.store(id, report);
      deps.metrics.runFinished(
        report,
        request.trigger,
        ((deps.now ?? Date.now)() - started) / 1000,
      );
      await deps.notifier.notifyRun(report);
      if (request.trigger !== 'self-update') this.maybeUpdateSelf(report);
    } catch (error) {
      const note = redactSecrets(error instanceof Error ? error.message : String(error));
      log.error({ err: note }, 'run failed');
      deps.metrics.runFailed(request.trigger);
      if (!signal.aborted) deps.store.finishRun(id, { status: 'failed', exitCode: 1, note });
    }
  }

  private runConfig(request: RunRequest): Config {
    const base = { ...this.deps.config, dryRun: this.checkOnly(request), json: false };
    if (!request.composeIds) return base;
    return {
      ...base,
      projects: [],
      environments: [],
      services: [],
      excludeServices: [],
      all: false,
      images: [],
      composeIds: request.composeIds,
    };
  }

  private holdBack(target: TargetInfo, request: RunRequest): string | undefined {
    const listed = this.deps.options.checkOnlyServices;
    if ([target.id, target.name, target.appName].some((name) => listed.includes(name))) {
      return 'check-only service: updates are reported, not applied';
    }
    const self = this.deps.self;
    if (self && target.appName === self.appName && request.trigger !== 'self-update') {
      return this.deps.options.updateSelf
        ? "dokploy-autoupdate's own service: updated last, after this run's report is stored"
        : "dokploy-autoupdate's own service: never redeployed by itself unless updateSelf is on";
    }
    return undefined;
  }

  private store(id: string, report: RunReport): void {
    const { store } = this.deps;
    store.finishRun(id, {
      status: report.exitCode === 0 ? 'succeeded' : 'failed',
      exitCode: report.exitCode,
      report,
      finishedAt: report.finishedAt,
    });
    for (const service of report.services) {
      store.saveServiceState({
        target: targetKey(service.kind, service.id),
        runId: id,
        at: report.finishedAt,
        status: service.status,
        report: service,
      });
    }
  }

  // Held back in the run, updated on its own now that the run's report is safely stored: the
  // redeploy replaces this very container, so nothing may come after it.
  private selfPending?: string;

  private maybeUpdateSelf(report: RunReport): void {
    const self = this.deps.self;
    if (!self || !this.deps.options.updateSelf || this.deps.options.checkOnly) return;
    const mine = report.services.find((s) => s.appName === self.appName);
    if (mine?.images.some((image) => image.status === 'update-available')) {
      this.selfPending = mine.id;
    }
  }

  private afterRun(): void {
    this.running = undefined;
    if (this.stopping) return;
    if (this.selfPending) {
      const id = this.selfPending;
      this.selfPending = undefined;
      this.request({ trigger: 'self-update', composeIds: [id] });
      return;
    }
    if (this.queued.size > 0) {
      const ids = [...this.queued];
      this.queued.clear();
      this.request({ trigger: 'webhook', composeIds: ids });
    }
  }
}
