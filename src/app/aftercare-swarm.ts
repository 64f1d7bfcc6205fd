import { listRunningTasks } from '../docker/index.js';
import type { ImageVerdict, ServicePlan } from '../plan/index.js';
import type { Aftercare } from './aftercare.js';
import { rememberBadDigests } from './aftercare.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { rollbackSwarm, swarmServiceName } from './rollback-swarm.js';
import { sleep } from './sleep.js';

/**
 * For swarm kinds, after the deployment: `stale` lists what did not reach the new digest. When
 * it did, the tasks must then stay up for the settle time (swarm replaces a crashing task with a
 * new one, so a changed task set is a crash). A failure is remembered and rolled back if asked.
 */
export async function checkUpdatedSwarm(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
  stale: string[],
): Promise<Aftercare> {
  const found =
    stale.length > 0
      ? { fault: 'unstable' as const, reason: `not on the new image: ${stale.join('; ')}` }
      : await settle(ctx, plan, changed);
  if (!found) {
    return { status: 'updated', verification: `tasks stable for ${ctx.config.settleSeconds} s` };
  }
  // The engine could not be asked: nothing is known against the image, so nothing is undone.
  if (found.fault === 'unknown') {
    return { status: 'error', reason: found.reason, verification: found.reason };
  }
  const problem = found.reason;
  const failure = `the new image failed its check: ${problem}`;
  if (!ctx.config.rollback) {
    rememberBadDigests(ctx, plan, changed, 'failed', failure);
    return {
      status: 'error',
      reason: `${failure} (not rolled back: --rollback is off)`,
      verification: problem,
    };
  }
  const rollback = await rollbackSwarm(ctx, plan, changed, failure);
  rememberBadDigests(ctx, plan, changed, rollback.status, rollback.reason);
  const reason =
    rollback.status === 'rolled-back'
      ? `rolled back to ${changed.map((i) => i.currentDigest).join(', ')}: ${failure}`
      : rollback.reason;
  return { status: rollback.status, reason, verification: problem, rollback };
}

async function settle(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
): Promise<{ fault: 'unstable' | 'unknown'; reason: string } | undefined> {
  try {
    const names = changed.map((image) => swarmServiceName(plan, image));
    const first = await runningTaskIds(ctx, names);
    const deadline = Date.now() + ctx.config.settleSeconds * 1000;
    while (Date.now() < deadline) {
      await sleep(1000, ctx.signal);
      const now = await runningTaskIds(ctx, names);
      if (now !== first) {
        return { fault: 'unstable', reason: 'tasks were replaced while settling (crashed)' };
      }
    }
    return undefined;
  } catch (error) {
    if (ctx.signal?.aborted) return { fault: 'unknown', reason: 'verification abandoned' };
    return { fault: 'unknown', reason: `could not watch the tasks: ${describeError(error)}` };
  }
}

async function runningTaskIds(ctx: RunContext, names: string[]): Promise<string> {
  const ids: string[] = [];
  for (const name of names) {
    const tasks = await listRunningTasks(ctx.docker, name);
    ids.push(...tasks.filter((t) => t.state === 'running').map((t) => t.id));
  }
  return ids.sort().join(',');
}
