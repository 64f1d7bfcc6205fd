import { setTimeout as sleep } from 'node:timers/promises';
import { inspectSwarmService } from '../docker/index.js';
import {
  type Deployment,
  waitForNewApplicationDeployment,
  waitForNewDeployment,
} from '../dokploy/index.js';
import type { ImageVerdict, ServicePlan } from '../plan/index.js';
import { parseReference, withDefaultTag } from '../registry/index.js';
import type { ImageReport, RedeployReport } from '../report/index.js';
import { checkUpdatedSwarm } from './aftercare-swarm.js';
import type { AppliedService } from './apply.js';
import type { RunContext } from './context.js';
import { deploymentFailure, describeError } from './errors.js';
import { taskFacts } from './observe-swarm.js';

/**
 * Swarm kinds need no pull of ours: `docker stack deploy` resolves the tag to the new digest and
 * `application.deploy` pulls. So apply is: one Dokploy deploy, wait for its row, then watch the
 * swarm until every running task of each changed service runs the registry's new digest.
 */
export async function applySwarm(ctx: RunContext, plan: ServicePlan): Promise<AppliedService> {
  const changed = plan.images.filter((image) => image.status === 'update-available');
  const images = plan.images.map(toReport);
  const application = plan.target.kind === 'application';
  const report: RedeployReport = {
    method: application ? 'application.deploy' : 'compose.redeploy',
    title: `dokploy-autoupdate: new image for ${changed.map((i) => i.reference).join(', ')}`,
    verified: false,
  };
  const log = ctx.logger.child({ service: plan.target.name, appName: plan.target.appName });
  const mark = (status: ImageReport['status'], reason?: string) => {
    for (const image of images.filter((i) => i.status === 'update-available')) {
      image.status = status;
      if (reason) image.reason = reason;
    }
  };

  try {
    const row = await deployAndWait(ctx, plan, report.title, application);
    report.deployment = {
      id: row.deploymentId,
      status: row.status,
      errorMessage: row.errorMessage,
    };
    if (row.status !== 'done') {
      report.error = deploymentFailure(row);
      mark('error', report.error);
      return { images, redeploy: report, pulled: [] };
    }
    const stale = await waitForNewDigests(ctx, plan, changed);
    const after = await checkUpdatedSwarm(ctx, plan, changed, stale);
    report.verification = after.verification;
    if (after.rollback) report.rollback = after.rollback;
    if (after.status === 'updated') {
      report.verified = true;
      mark('updated');
    } else {
      report.error = `Dokploy reported deployment ${row.deploymentId} done, but ${after.reason}`;
      log.error({ stale, status: after.status }, 'swarm service not updated as expected');
      mark(after.status, after.reason);
    }
  } catch (error) {
    report.error = `redeploy failed: ${describeError(error)}`;
    log.error({ err: describeError(error) }, 'redeploy failed');
    mark('error', report.error);
  }
  return { images, redeploy: report, pulled: [] };
}

// Dokploy returns no deployment ID: the new row is the one that was not there before.
async function deployAndWait(
  ctx: RunContext,
  plan: ServicePlan,
  title: string,
  application: boolean,
): Promise<Deployment> {
  const id = plan.target.id;
  const options = {
    timeoutMs: ctx.config.deployTimeoutSeconds * 1000,
    pollMs: ctx.config.pollSeconds * 1000,
    title,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  if (application) {
    const known = new Set(
      (await ctx.dokploy.applicationDeployments(id)).map((r) => r.deploymentId),
    );
    await ctx.dokploy.deployApplication(id, title);
    return waitForNewApplicationDeployment(ctx.dokploy, id, known, options);
  }
  const known = new Set((await ctx.dokploy.composeDeployments(id)).map((r) => r.deploymentId));
  await ctx.dokploy.redeployCompose(id, title);
  return waitForNewDeployment(ctx.dokploy, id, known, options);
}

/**
 * Swarm replaces tasks after the deployment returns (start-first, then the old task stops), so
 * this polls until each changed service's running tasks all run the new digest, up to the deploy
 * timeout. Returns what still runs something else.
 */
async function waitForNewDigests(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
): Promise<string[]> {
  const deadline = Date.now() + ctx.config.deployTimeoutSeconds * 1000;
  for (;;) {
    const stale: string[] = [];
    for (const image of changed) {
      const name =
        plan.target.kind === 'application'
          ? plan.target.appName
          : `${plan.target.appName}_${image.service}`;
      const service = await inspectSwarmService(ctx.docker, name);
      const ref = withDefaultTag(parseReference(image.reference));
      const tasks = service ? await taskFacts(ctx, service, ref) : [];
      const wanted = image.remoteDigest ?? '';
      const old = tasks.filter((task) => !task.digests.includes(wanted));
      if (tasks.length === 0) stale.push(`${name} has no running task`);
      for (const task of old)
        stale.push(`${task.name} runs ${task.digests[0] ?? 'an unknown image'}`);
    }
    if (stale.length === 0 || Date.now() >= deadline) return stale;
    await sleep(Math.min(ctx.config.pollSeconds * 1000, 2000), undefined, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  }
}

function toReport(image: ImageVerdict): ImageReport {
  return {
    service: image.service,
    image: image.reference,
    status: image.status,
    pulled: false,
    ...(image.reason ? { reason: image.reason } : {}),
    ...(image.currentDigest ? { currentDigest: image.currentDigest } : {}),
    ...(image.remoteDigest ? { remoteDigest: image.remoteDigest } : {}),
  };
}
