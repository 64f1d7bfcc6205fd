import type { TargetInfo } from '../plan/index.js';
import { type OperationKind, type OperationOutcome, targetKey } from '../state/index.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';

/**
 * Steps that change something outside us are written to the state store before they start and
 * closed when they end, so a run killed in the middle leaves a record of what it was doing.
 * Without a store (library use, some tests) these do nothing.
 */
export function beginStep(
  ctx: RunContext,
  target: TargetInfo,
  kind: OperationKind,
  detail: string,
): number | undefined {
  if (!ctx.state || !ctx.runId) return undefined;
  try {
    const runId = ctx.runId;
    return ctx.state.startOperation({ runId, target: key(target), kind, detail });
  } catch (error) {
    // The store failing must not stop an update that is safe to do; the log says so.
    ctx.logger.warn({ err: describeError(error) }, 'state store: step not recorded');
    return undefined;
  }
}

export function endStep(ctx: RunContext, id: number | undefined, outcome: OperationOutcome): void {
  if (id === undefined || !ctx.state) return;
  try {
    ctx.state.endOperation(id, outcome);
  } catch (error) {
    ctx.logger.warn({ err: describeError(error) }, 'state store: step end not recorded');
  }
}

export function key(target: TargetInfo): string {
  return targetKey(target.kind, target.id);
}
