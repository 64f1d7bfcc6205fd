import { type RunContext, runGuarded } from '../app/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { redactSecrets } from '../log/index.js';
import type { Notifier } from '../notify/index.js';
import type { TargetInfo } from '../plan/index.js';
import type { RunReport } from '../report/index.js';
import type { StateStore } from '../state/index.js';
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
  trigger: string;
  startedAt: string;
}

// After the grace period the run is aborted; this long more lets it record itself interrupted.
const ABANDON_MS = 10_000;

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

  /** Starts a run now; false when one is going (then it is counted as skipped, or queued). */
  request(request: RunRequest): boolean {
    if (this.stopping) return false;
    if (this.running) {
      if (request.trigger === 'webhook' && request.composeIds) {
        for (const id of request.composeIds) this.queued.add(id);
      } else {
        this.deps.metrics.runSkipped(request.trigger);
        this.deps.logger.warn({ trigger: request.trigger }, 'run skipped: another run is going');
      }
      return false;
    }
    const abort = new AbortController();
    const info = { trigger: request.trigger, startedAt: new Date().toISOString() };
    const done = this.execute(request, abort.signal).finally(() => this.afterRun());
    this.running = { info, done, abort };
    return true;
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
      running.abort.abort(new Error('SIGTERM: the service is shutting down'));
      await Promise.race([running.done, new Promise((done) => setTimeout(done, ABANDON_MS))]);
    }
    return outcome;
  }

  private checkOnly(request: RunRequest): boolean {
    return request.checkOnly ?? this.deps.options.checkOnly;
  }

  /**
   * One run through `runGuarded`, which holds the run lock (so a cron `run` beside the service
   * never overlaps it either) and writes the run and its services to the state store.
   */
  private async execute(request: RunRequest, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const log = deps.logger.child({ trigger: request.trigger });
    const started = (deps.now ?? Date.now)();
    try {
      const ctx = await deps.createContext(this.runConfig(request));
      ctx.signal = signal;
      ctx.state = deps.store;
      ctx.holdBack = (target) => this.holdBack(target, request);
      const report = await runGuarded(ctx, { trigger: request.trigger });
      deps.metrics.runFinished(
        report,
        request.trigger,
        ((deps.now ?? Date.now)() - started) / 1000,
      );
      if (signal.aborted) return;
      await deps.notifier.notifyRun(report);
      if (request.trigger !== 'self-update') this.maybeUpdateSelf(report);
    } catch (error) {
      const note = redactSecrets(error instanceof Error ? error.message : String(error));
      log.error({ err: note }, 'run failed');
      deps.metrics.runFailed(request.trigger);
      // Failures before the run began (engine unreachable, lock busy) still belong in history.
      const run = deps.store.beginRun({
        trigger: request.trigger,
        dryRun: this.checkOnly(request),
      });
      deps.store.finishRun(run.id, { status: 'failed', exitCode: 1, note });
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
