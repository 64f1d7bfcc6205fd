import { SelectionError } from '../dokploy/index.js';
import { redactSecrets } from '../log/index.js';
import type { RunReport } from '../report/index.js';
import { defaultStateDir, openStateStore, type StateStore, targetKey } from '../state/index.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { acquireRunLock } from './lock.js';
import { recoverInterruptedRuns } from './recover.js';
import { runOnce } from './run.js';

export interface GuardedRunOptions {
  /** Shown in history: `cli`, `schedule`, `webhook`… */
  trigger?: string;
}

/**
 * One run with its safety net: the lock (one run per Dokploy and state folder), the state store
 * (opened here unless the caller brings one), the report of any run that was killed before, and
 * this run's own history row, finished even when the run was interrupted.
 */
export async function runGuarded(
  ctx: RunContext,
  options: GuardedRunOptions = {},
): Promise<RunReport> {
  const dir = ctx.config.stateDir ?? defaultStateDir();
  const lock = await acquireRunLock({
    stateDir: dir,
    dokployUrl: ctx.config.dokployUrl,
    waitMs: ctx.config.lockWaitSeconds * 1000,
    signal: ctx.signal,
  });
  let store: StateStore | undefined;
  try {
    store =
      ctx.state ?? openStateStore({ dir, driver: ctx.config.stateDriver, redact: redactSecrets });
    const leftovers = recoverInterruptedRuns(store);
    const run = store.beginRun({ trigger: options.trigger ?? 'cli', dryRun: ctx.config.dryRun });
    const signal = ctx.signal;
    const report = await runOnce({
      ...ctx,
      state: store,
      runId: run.id,
      // Once interrupted, services not yet started are left alone, each reported as such.
      holdBack: (target) =>
        signal?.aborted ? 'not started: the run was interrupted (SIGTERM)' : ctx.holdBack?.(target),
    }).catch((error: unknown) => {
      // A run refused before it began (unknown project) is closed in history, so the next run
      // does not take it for one that was killed.
      closeRefusedRun(ctx, store, run.id, error);
      throw error;
    });
    report.warnings.unshift(...leftovers);
    if (signal?.aborted) {
      report.interrupted =
        `stopped by ${describeError(signal.reason)}: ` +
        'the step under way was finished or abandoned, the rest not started';
      report.exitCode = 1;
    }
    saveOutcome(ctx, store, run.id, report);
    return report;
  } finally {
    if (store && store !== ctx.state) store.close();
    lock.release();
  }
}

function closeRefusedRun(
  ctx: RunContext,
  store: StateStore | undefined,
  runId: string,
  error: unknown,
): void {
  try {
    const exitCode = error instanceof SelectionError ? 2 : 1;
    store?.finishRun(runId, { status: 'failed', exitCode, note: describeError(error) });
  } catch (saveError) {
    ctx.logger.error({ err: describeError(saveError) }, 'state store: refused run not closed');
  }
}

function saveOutcome(ctx: RunContext, store: StateStore, runId: string, report: RunReport): void {
  try {
    const at = report.finishedAt;
    for (const service of report.services) {
      const target = targetKey(service.kind, service.id);
      store.saveServiceState({ target, runId, at, status: service.status, report: service });
    }
    store.finishRun(runId, {
      status: report.interrupted ? 'interrupted' : report.exitCode === 0 ? 'succeeded' : 'failed',
      exitCode: report.exitCode,
      report,
      ...(report.interrupted ? { note: report.interrupted } : {}),
    });
  } catch (error) {
    ctx.logger.error({ err: describeError(error) }, 'state store: run outcome not saved');
  }
}
