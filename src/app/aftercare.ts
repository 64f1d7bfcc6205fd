import type { ImageStatus, ImageVerdict, ServicePlan } from '../plan/index.js';
import type { RollbackReport } from '../report/index.js';
import { removeUnusedImages } from './cleanup.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { beginStep, endStep, key } from './journal.js';
import { type PreviousImages, rollbackCompose } from './rollback.js';
import { verifyService } from './verify.js';

export interface Aftercare {
  status: Extract<ImageStatus, 'updated' | 'error' | 'rolled-back' | 'rollback-failed'>;
  /** For the images' reports when the status is not `updated`. */
  reason?: string;
  verification: string;
  rollback?: RollbackReport;
  cleanup?: string[];
}

/**
 * After Dokploy says the deployment is done: watch the new containers until they are healthy and
 * stable, then clean up; or, when the new image is at fault, remember its digest and roll back
 * if asked. A service merely left on its old image is an error, not the image's fault.
 */
export async function checkUpdatedService(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
  expected: Map<ImageVerdict, string | undefined>,
  previous: PreviousImages,
): Promise<Aftercare> {
  const step = beginStep(ctx, plan.target, 'verify', changed.map((i) => i.reference).join(', '));
  const wanted = changed.map((i) => ({ service: i.service, imageId: expected.get(i) ?? '' }));
  const outcome = await verifyService(ctx.docker, plan.target.appName, wanted, {
    settleMs: ctx.config.settleSeconds * 1000,
    timeoutMs: ctx.config.verifyTimeoutSeconds * 1000,
    pollMs: 1000,
    signal: ctx.signal,
  }).catch((error: unknown) => ({
    ok: false as const,
    fault: 'unknown' as const,
    reason: `verification abandoned: ${describeError(error)}`,
  }));
  endStep(ctx, step, outcome.ok ? 'done' : ctx.signal?.aborted ? 'abandoned' : 'failed');

  if (outcome.ok) {
    const verification = `new image running, healthy or stable for ${ctx.config.settleSeconds} s`;
    if (!ctx.config.cleanup) return { status: 'updated', verification };
    const cleanup = await removeUnusedImages(ctx, plan, changed, previous, expected);
    return { status: 'updated', verification, cleanup };
  }
  if (outcome.fault !== 'unstable') {
    return { status: 'error', reason: outcome.reason, verification: outcome.reason };
  }

  const failure = `the new image failed its check: ${outcome.reason}`;
  ctx.logger.error({ service: plan.target.name, reason: outcome.reason }, 'new image unstable');
  if (!ctx.config.rollback) {
    rememberBadDigests(ctx, plan, changed, 'failed', failure);
    return {
      status: 'error',
      reason: `${failure} (not rolled back: --rollback is off)`,
      verification: outcome.reason,
    };
  }
  const rollback = await rollbackCompose(ctx, plan, changed, previous, failure);
  rememberBadDigests(ctx, plan, changed, rollback.status, rollback.reason);
  const restored = changed.map((i) => `${i.remoteDigest ?? '?'} -> ${i.currentDigest ?? '?'}`);
  const reason =
    rollback.status === 'rolled-back'
      ? `rolled back (${restored.join(', ')}): ${failure}`
      : rollback.reason;
  return { status: rollback.status, reason, verification: outcome.reason, rollback };
}

// Later runs skip these digests for this service until the registry offers a newer one.
export function rememberBadDigests(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
  outcome: 'failed' | 'rolled-back' | 'rollback-failed',
  reason: string,
): void {
  if (!ctx.state) return;
  try {
    for (const image of changed) {
      if (!image.remoteDigest) continue;
      ctx.state.rememberBadDigest({
        target: key(plan.target),
        reference: image.reference,
        digest: image.remoteDigest,
        outcome,
        reason,
        ...(image.currentDigest ? { previousDigest: image.currentDigest } : {}),
        at: new Date().toISOString(),
        ...(ctx.runId ? { runId: ctx.runId } : {}),
      });
    }
  } catch (error) {
    ctx.logger.warn({ err: describeError(error) }, 'state store: bad digest not remembered');
  }
}
