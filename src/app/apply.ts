import { inspectLocalImage, pullImage } from '../docker/index.js';
import { waitForNewDeployment } from '../dokploy/index.js';
import type { ImageVerdict, ServicePlan } from '../plan/index.js';
import {
  engineAuthFor,
  formatReference,
  parseReference,
  withDefaultTag,
} from '../registry/index.js';
import type { ImageReport, RedeployReport } from '../report/index.js';
import { checkUpdatedService } from './aftercare.js';
import type { RunContext } from './context.js';
import { deploymentFailure, describeError } from './errors.js';
import { beginStep, endStep } from './journal.js';
import { previousImages } from './rollback.js';

export interface AppliedService {
  images: ImageReport[];
  redeploy?: RedeployReport;
  pulled: string[];
}

/**
 * Carries out one service's plan: pull what the engine lacks, redeploy once through Dokploy, wait
 * for the deployment, then check the containers really run the new images. Nothing is redeployed
 * when a pull failed, so a service never ends half-updated by us.
 */
export async function applyService(ctx: RunContext, plan: ServicePlan): Promise<AppliedService> {
  const log = ctx.logger.child({ service: plan.target.name, appName: plan.target.appName });
  const changed = plan.images.filter((image) => image.status === 'update-available');
  const images = new Map(plan.images.map((image) => [image, toReport(image)]));
  const previous = await previousImages(ctx, plan.target.appName);

  const pulled: string[] = [];
  for (const image of changed.filter((i) => i.pull)) {
    try {
      log.info({ image: image.reference }, 'pulling');
      await pull(ctx, image.reference);
      pulled.push(image.reference);
    } catch (error) {
      log.error({ image: image.reference, err: describeError(error) }, 'pull failed');
      markAll(images, changed, 'error', `not redeployed: pull of ${image.reference} failed`);
      setImage(images, image, 'error', `pull failed: ${describeError(error)}`);
      return { images: [...images.values()], pulled };
    }
  }
  for (const image of pulled) setPulled(images, image);

  const expected = await expectedImageIds(ctx, changed);
  const step = beginStep(ctx, plan.target, 'redeploy', deploymentDescription(changed));
  const redeploy = await redeployOnce(ctx, plan, changed);
  endStep(ctx, step, redeploy.error ? (ctx.signal?.aborted ? 'abandoned' : 'failed') : 'done');
  if (redeploy.error) {
    markAll(images, changed, 'error', redeploy.error);
    return { images: [...images.values()], redeploy, pulled };
  }

  // The redeploy itself pulled these (pull_policy: always, --pull always): the tag moved only now.
  for (const image of changed.filter((i) => i.pulledBy)) {
    const ref = formatReference(withDefaultTag(parseReference(image.reference)));
    expected.set(image, (await inspectLocalImage(ctx.docker, ref))?.id);
  }
  const after = await checkUpdatedService(ctx, plan, changed, expected, previous);
  redeploy.verification = after.verification;
  if (after.rollback) redeploy.rollback = after.rollback;
  if (after.cleanup) redeploy.cleanup = after.cleanup;
  if (after.status === 'updated') {
    redeploy.verified = true;
    markAll(images, changed, 'updated');
  } else {
    redeploy.error = after.reason;
    log.error({ status: after.status, reason: after.reason }, 'update not verified');
    markAll(images, changed, after.status, after.reason);
  }
  return { images: [...images.values()], redeploy, pulled };
}

async function pull(ctx: RunContext, reference: string): Promise<void> {
  const ref = withDefaultTag(parseReference(reference));
  const auth = engineAuthFor(await ctx.credentials.get(ref.registry), ref.registry);
  await pullImage(ctx.docker, formatReference(ref), auth);
}

async function expectedImageIds(ctx: RunContext, changed: ImageVerdict[]) {
  const ids = new Map<ImageVerdict, string | undefined>();
  for (const image of changed) {
    const ref = formatReference(withDefaultTag(parseReference(image.reference)));
    ids.set(image, (await inspectLocalImage(ctx.docker, ref))?.id);
  }
  return ids;
}

async function redeployOnce(
  ctx: RunContext,
  plan: ServicePlan,
  changed: ImageVerdict[],
): Promise<RedeployReport> {
  const title = deploymentTitle(changed);
  const report: RedeployReport = { method: 'compose.redeploy', title, verified: false };
  const log = ctx.logger.child({ service: plan.target.name });

  try {
    // Dokploy returns no deployment ID: the new row is the one that was not there before.
    const before = await ctx.dokploy.composeDeployments(plan.target.id);
    const known = new Set(before.map((row) => row.deploymentId));
    await ctx.dokploy.redeployCompose(plan.target.id, title, deploymentDescription(changed));
    log.info({ title }, 'redeploy queued');

    const row = await waitForNewDeployment(ctx.dokploy, plan.target.id, known, {
      timeoutMs: ctx.config.deployTimeoutSeconds * 1000,
      pollMs: ctx.config.pollSeconds * 1000,
      signal: ctx.signal,
    });
    report.deployment = {
      id: row.deploymentId,
      status: row.status,
      errorMessage: row.errorMessage,
    };
    if (row.status !== 'done') {
      report.error = deploymentFailure(row);
      log.error({ deployment: row.deploymentId, status: row.status }, 'deployment failed');
    }
  } catch (error) {
    report.error = `redeploy failed: ${describeError(error)}`;
    log.error({ err: describeError(error) }, 'redeploy failed');
  }
  return report;
}

// Dokploy shows the title in its deployment list, so it says what changed in one line.
function deploymentTitle(changed: ImageVerdict[]): string {
  const names = changed.map((image) => `${image.service}=${image.reference}`).join(', ');
  const title = `dokploy-autoupdate: new image for ${names}`;
  return title.length > 200 ? `${title.slice(0, 197)}...` : title;
}

function deploymentDescription(changed: ImageVerdict[]): string {
  return changed
    .map(
      (i) => `${i.service}: ${i.reference} ${i.currentDigest ?? '?'} -> ${i.remoteDigest ?? '?'}`,
    )
    .join('\n');
}

function toReport(image: ImageVerdict): ImageReport {
  const report: ImageReport = {
    service: image.service,
    image: image.reference,
    status: image.status,
    pulled: false,
  };
  if (image.reason) report.reason = image.reason;
  if (image.currentDigest) report.currentDigest = image.currentDigest;
  if (image.remoteDigest) report.remoteDigest = image.remoteDigest;
  return report;
}

function setImage(
  images: Map<ImageVerdict, ImageReport>,
  image: ImageVerdict,
  status: ImageReport['status'],
  reason?: string,
): void {
  const report = images.get(image);
  if (!report) return;
  report.status = status;
  if (reason) report.reason = reason;
  else delete report.reason;
}

function markAll(
  images: Map<ImageVerdict, ImageReport>,
  changed: ImageVerdict[],
  status: ImageReport['status'],
  reason?: string,
): void {
  for (const image of changed) setImage(images, image, status, reason);
}

function setPulled(images: Map<ImageVerdict, ImageReport>, reference: string): void {
  for (const report of images.values()) if (report.image === reference) report.pulled = true;
}
