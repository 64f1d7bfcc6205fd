import type Docker from 'dockerode';
import { z } from 'zod';
import { listRunningTasks } from '../docker/index.js';
import type { ImageVerdict, ServicePlan } from '../plan/index.js';
import { formatReference, parseReference, withDefaultTag } from '../registry/index.js';
import type { RollbackReport } from '../report/index.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { beginStep, endStep } from './journal.js';
import { failedRollback } from './rollback.js';
import { sleep } from './sleep.js';

// Engine API "ServiceInspect": the version to update against and the spec to send back whole.
const serviceSchema = z.object({
  Version: z.object({ Index: z.number() }),
  Spec: z.looseObject({
    TaskTemplate: z.looseObject({ ContainerSpec: z.looseObject({ Image: z.string() }) }),
  }),
});

/** The swarm service a Dokploy target runs an image in: the app itself, or `stack_service`. */
export function swarmServiceName(plan: ServicePlan, image: ImageVerdict): string {
  return plan.target.kind === 'application'
    ? plan.target.appName
    : `${plan.target.appName}_${image.service}`;
}

/**
 * Swarm services go back through the Engine API, not Dokploy: a redeploy would resolve the tag
 * to the new digest again. Each changed service's spec is set to `tag@<old digest>`, which swarm
 * pulls by digest, and the tasks are watched until they run it.
 */
export async function rollbackSwarm(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
  failure: string,
): Promise<RollbackReport> {
  const report: RollbackReport = {
    ...failedRollback('service.update', changed, failure),
    note: "Dokploy's next deploy of this service moves it to the tag again",
  };
  const step = beginStep(ctx, plan.target, 'rollback', changed.map((i) => i.reference).join());
  try {
    for (const image of changed) {
      if (!image.currentDigest)
        throw new Error(`the digest ${image.service} ran before is unknown`);
      const ref = withDefaultTag(parseReference(image.reference));
      const pinned = `${formatReference({ ...ref, digest: undefined })}@${image.currentDigest}`;
      const name = swarmServiceName(plan, image);
      await pinService(ctx.docker, name, pinned);
      await waitForTasks(ctx, name, image.currentDigest);
    }
    report.status = 'rolled-back';
    endStep(ctx, step, 'done');
  } catch (error) {
    report.reason = `${failure}; rollback failed: ${describeError(error)}`;
    endStep(ctx, step, 'failed');
  }
  return report;
}

async function pinService(docker: Docker, name: string, image: string): Promise<void> {
  const service = docker.getService(name);
  const info = serviceSchema.parse(await service.inspect());
  const spec = info.Spec;
  spec.TaskTemplate.ContainerSpec.Image = image;
  await service.update({ version: info.Version.Index, ...spec });
}

async function waitForTasks(ctx: RunContext, name: string, digest: string): Promise<void> {
  const deadline = Date.now() + ctx.config.verifyTimeoutSeconds * 1000;
  for (;;) {
    const tasks = await listRunningTasks(ctx.docker, name);
    const running = tasks.filter((t) => t.state === 'running');
    const back = running.length > 0 && running.every((t) => t.image.endsWith(`@${digest}`));
    if (back && running.length === tasks.length) return;
    if (Date.now() >= deadline) {
      throw new Error(`${name} did not run ${digest} within ${ctx.config.verifyTimeoutSeconds} s`);
    }
    await sleep(1000, ctx.signal);
  }
}
