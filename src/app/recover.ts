import type { StateStore } from '../state/index.js';

/**
 * Called with the run lock held, so every run still marked `running` is dead: killed (SIGKILL,
 * reboot, OOM) before it could finish its history row. Closes it as interrupted and returns one
 * warning per such run naming the steps it left open; this run then re-checks those services
 * from what the engine shows, which finishes an update that was pulled but not redeployed.
 */
export function recoverInterruptedRuns(store: StateStore): string[] {
  const warnings: string[] = [];
  for (const run of store.unfinishedRuns()) {
    const open = store.openOperations(run.id);
    for (const op of open) store.endOperation(op.id, 'abandoned');
    const steps = open.map((op) => `${op.kind} of ${op.target} (${op.detail.split('\n')[0]})`);
    const left = steps.length ? `; it left unfinished: ${steps.join('; ')}` : '';
    const note = `process ${run.pid} on ${run.host} stopped before finishing${left}`;
    store.finishRun(run.id, { status: 'interrupted', exitCode: 1, note });
    warnings.push(
      `the previous run ${run.id} (started ${run.startedAt}) was interrupted: ${note}. ` +
        'This run checks those services again.',
    );
  }
  return warnings;
}
