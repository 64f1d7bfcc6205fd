import type Docker from 'dockerode';
import { listComposeContainers } from '../docker/index.js';
import { waitForNewDeployment } from '../dokploy/index.js';
import type { ImageVerdict, ServicePlan } from '../plan/index.js';
import { formatReference, parseReference, withDefaultTag } from '../registry/index.js';
import type { RollbackReport } from '../report/index.js';
import type { RunContext } from './context.js';
import { deploymentFailure, describeError } from './errors.js';
import { beginStep, endStep } from './journal.js';
import { verifyService } from './verify.js';

/** Per compose service, the image ID its containers ran before the update. */
export type PreviousImages = Map<string, string>;

/**
 * Puts a compose service back on the images it ran before: the old image IDs are still on the
 * engine (nothing is removed before an update is verified), so the tag is pointed back at them
 * and Dokploy redeploys, which recreates the containers from the tag without pulling.
 */
export async function rollbackCompose(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
  previous: PreviousImages,
  failure: string,
): Promise<RollbackReport> {
  const report = failedRollback('compose.redeploy', changed, failure);
  const log = ctx.logger.child({ service: plan.target.name, appName: plan.target.appName });
  const pulling = changed.find((image) => image.pulledBy);
  if (pulling) {
    const why = `the redeploy pulls the tag again (${pulling.pulledBy})`;
    report.reason = `${failure}; cannot roll back: ${why}`;
    return report;
  }

  const step = beginStep(ctx, plan.target, 'rollback', rollbackDetail(changed));
  try {
    for (const image of changed) await retag(ctx.docker, image, previous.get(image.service));
    await redeploy(ctx, plan, changed);
    const outcome = await verifyService(
      ctx.docker,
      plan.target.appName,
      expected(changed, previous),
      {
        settleMs: ctx.config.settleSeconds * 1000,
        timeoutMs: ctx.config.verifyTimeoutSeconds * 1000,
        pollMs: 1000,
        signal: ctx.signal,
      },
    );
    if (!outcome.ok) throw new Error(`the previous image failed its check too: ${outcome.reason}`);
    report.status = 'rolled-back';
    log.warn({ images: report.images }, 'rolled back to the previous image');
    endStep(ctx, step, 'done');
  } catch (error) {
    report.reason = `${failure}; rollback failed: ${describeError(error)}`;
    log.error({ err: describeError(error) }, 'rollback failed');
    endStep(ctx, step, 'failed');
  }
  return report;
}

/**
 * A rollback's report before it succeeds: failed until the previous images are back, so an
 * exception part-way leaves the right verdict.
 */
export function failedRollback(
  method: RollbackReport['method'],
  changed: ImageVerdict[],
  failure: string,
): RollbackReport {
  return {
    status: 'rollback-failed',
    method,
    images: changed.map((image) => ({
      service: image.service,
      image: image.reference,
      newDigest: image.remoteDigest,
      restoredDigest: image.currentDigest,
    })),
    reason: failure,
  };
}

async function retag(docker: Docker, image: ImageVerdict, imageId: string | undefined) {
  if (!imageId) throw new Error(`the image ${image.service} ran before is unknown`);
  const ref = withDefaultTag(parseReference(image.reference));
  const repo = formatReference({ registry: ref.registry, repository: ref.repository });
  await docker.getImage(imageId).tag({ repo, tag: ref.tag ?? 'latest' });
}

async function redeploy(ctx: RunContext, plan: ServicePlan, changed: ImageVerdict[]) {
  const id = plan.target.id;
  const title = `dokploy-autoupdate: rollback of ${changed.map((i) => i.service).join(', ')}`;
  const known = new Set((await ctx.dokploy.composeDeployments(id)).map((r) => r.deploymentId));
  await ctx.dokploy.redeployCompose(id, title.slice(0, 200), rollbackDetail(changed));
  const row = await waitForNewDeployment(ctx.dokploy, id, known, {
    timeoutMs: ctx.config.deployTimeoutSeconds * 1000,
    pollMs: ctx.config.pollSeconds * 1000,
    signal: ctx.signal,
    title: title.slice(0, 200),
  });
  if (row.status !== 'done') {
    throw new Error(deploymentFailure(row));
  }
}

function expected(changed: ImageVerdict[], previous: PreviousImages) {
  return changed.map((image) => ({
    service: image.service,
    imageId: previous.get(image.service) ?? '',
  }));
}

function rollbackDetail(changed: ImageVerdict[]): string {
  return changed
    .map(
      (i) => `${i.service}: ${i.reference} ${i.remoteDigest ?? '?'} -> ${i.currentDigest ?? '?'}`,
    )
    .join('\n');
}

/**
 * The image IDs a compose service's containers run now, before anything is pulled: the images a
 * rollback returns to and `--cleanup` may remove. Empty when the engine cannot say, which makes a
 * rollback fail loudly rather than guess.
 */
export async function previousImages(ctx: RunContext, appName: string): Promise<PreviousImages> {
  const previous: PreviousImages = new Map();
  try {
    for (const container of await listComposeContainers(ctx.docker, appName)) {
      if (!previous.has(container.service)) previous.set(container.service, container.imageId);
    }
  } catch (error) {
    ctx.logger.warn({ appName, err: describeError(error) }, 'previous images unknown');
  }
  return previous;
}
