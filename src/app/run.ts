import { listAllComposeContainers } from '../docker/index.js';
import {
  type Discovery,
  discoverTargets,
  SelectionError,
  type ServiceRef,
  type Target,
} from '../dokploy/index.js';
import { planRun, type ServiceFacts, type ServicePlan, type TargetInfo } from '../plan/index.js';
import { formatReference, parseReference, withDefaultTag } from '../registry/index.js';
import {
  exitCodeFor,
  type RunReport,
  type ServiceReport,
  serviceStatus,
  summarise,
} from '../report/index.js';
import type { AppliedService } from './apply.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { createKinds } from './kinds.js';
import { digestHolds } from './policy.js';

/**
 * One run: discover → observe → plan → apply → verify → report. Failures of one service are kept
 * in its report and the run goes on; only bad selection (an unknown project) stops it, before
 * anything was pulled, as a `SelectionError` for the CLI to turn into exit code 2.
 */
export async function runOnce(ctx: RunContext): Promise<RunReport> {
  const startedAt = new Date().toISOString();
  const warnings: string[] = [];
  const errors: string[] = [];
  const { config, logger } = ctx;

  let targets: Target[] = [];
  let version: string | undefined;
  const unobserved: ServiceFacts[] = [];
  try {
    const discovery = await discoverTargets(
      ctx.dokploy,
      {
        projects: config.projects,
        environments: config.environments,
        services: config.services,
        excludeServices: config.excludeServices,
        all: config.all,
        composeIds: config.composeIds,
      },
      { includeVersion: true },
    );
    version = discovery.version;
    targets = discovery.targets;
    unobserved.push(...notObserved(discovery));
    logger.info({ targets: targets.length }, 'services discovered');
  } catch (error) {
    if (error instanceof SelectionError) throw error;
    errors.push(`Dokploy could not be asked which services to watch: ${describeError(error)}`);
  }

  const kinds = createKinds(ctx);
  const facts = [...(await kinds.observe(targets, errors)), ...unobserved];
  if (targets.length > 0 && !errors.length && facts.every(hasNoContainers)) {
    warnings.push(
      `none of the selected services has a running container on the engine ${ctx.engine}: ` +
        'run this on the Dokploy host, or point --docker-host / DOCKER_HOST at its engine',
    );
  }

  const plan = planRun(facts, { dryRun: config.dryRun, holds: digestHolds(ctx, facts) });
  const applied = new Map<ServicePlan, AppliedService>();
  // Held-back services keep their `update-available` verdict; the reason says why.
  const held = new Map<ServicePlan, string>();
  if (!config.dryRun) {
    for (const service of plan.services.filter((s) => s.action === 'redeploy')) {
      const reason = ctx.holdBack?.(service.target);
      if (reason) held.set(service, reason);
      else applied.set(service, await kinds.apply(service));
    }
  }

  const services = plan.services.map((service) => {
    const report = serviceReport(service, applied.get(service));
    const reason = held.get(service);
    return reason ? { ...report, action: 'skip' as const, reason } : report;
  });
  await noteOtherUsers(ctx, services, applied);
  for (const warning of warnings) logger.warn(warning);

  const report: RunReport = {
    dryRun: config.dryRun,
    startedAt,
    finishedAt: new Date().toISOString(),
    dokploy: {
      url: config.dokployUrl,
      ...(version ? { version } : {}),
      calls: ctx.dokploy.callCount(),
    },
    engine: ctx.engine,
    services,
    registry: { requests: ctx.registry.stats() as unknown as Record<string, number> },
    warnings,
    errors,
    summary: summarise(services),
    exitCode: exitCodeFor(services, [
      ...errors,
      ...(warnings.length && noneChecked(services) ? warnings : []),
    ]),
  };
  logger.info({ summary: report.summary, exitCode: report.exitCode }, 'run finished');
  return report;
}

// Selected services the run cannot observe still appear in the report, never silently dropped.
function notObserved(discovery: Discovery): ServiceFacts[] {
  const info = (service: ServiceRef): TargetInfo => ({
    kind: service.kind,
    id: service.id,
    name: service.name,
    appName: '',
    projectName: service.projectName,
    environmentName: service.environmentName ?? '',
    serverId: null,
  });
  return [
    ...discovery.failures.map((failure) => ({
      target: info(failure.service),
      images: [],
      error: `Dokploy did not describe it: ${describeError(failure.error)}`,
    })),
    ...discovery.notApplicable.map(({ service, reason }) => ({
      target: info(service),
      images: [],
      skip: `not applicable: ${reason}`,
    })),
  ];
}

function hasNoContainers(facts: ServiceFacts): boolean {
  return facts.images.every((image) => image.containers.length === 0);
}

function noneChecked(services: ServiceReport[]): boolean {
  return services.every((s) => s.images.every((i) => i.status === 'skipped'));
}

function serviceReport(plan: ServicePlan, applied: AppliedService | undefined): ServiceReport {
  const images =
    applied?.images ??
    plan.images.map((image) => ({
      service: image.service,
      image: image.reference,
      status: image.status,
      ...(image.reason ? { reason: image.reason } : {}),
      ...(image.currentDigest ? { currentDigest: image.currentDigest } : {}),
      ...(image.remoteDigest ? { remoteDigest: image.remoteDigest } : {}),
      pulled: false,
    }));

  const report: ServiceReport = {
    kind: plan.target.kind,
    id: plan.target.id,
    name: plan.target.name,
    project: plan.target.projectName,
    environment: plan.target.environmentName,
    appName: plan.target.appName,
    status: plan.action === 'error' ? 'error' : serviceStatus(images.map((i) => i.status)),
    action: plan.action,
    images,
    alsoAffected: [],
  };
  if (plan.reason) report.reason = plan.reason;
  if (applied?.redeploy) report.redeploy = applied.redeploy;
  return report;
}

/**
 * A pull moves the tag for every container on the engine, so other compose projects using the same
 * reference will switch at their next deploy. Name them, unless this run selected them too.
 */
async function noteOtherUsers(
  ctx: RunContext,
  services: ServiceReport[],
  applied: Map<ServicePlan, AppliedService>,
): Promise<void> {
  const pulled = new Set([...applied.values()].flatMap((a) => a.pulled.map(canonical)));
  if (pulled.size === 0) return;

  const selected = new Set(services.map((s) => s.appName));
  let containers: Awaited<ReturnType<typeof listAllComposeContainers>> = [];
  try {
    containers = await listAllComposeContainers(ctx.docker);
  } catch (error) {
    ctx.logger.warn({ err: describeError(error) }, 'could not list other users of pulled images');
    return;
  }

  for (const service of services) {
    const mine = new Set(service.images.filter((i) => i.pulled).map((i) => canonical(i.image)));
    for (const c of containers) {
      if (selected.has(c.composeProject) || !mine.has(canonical(c.configImage))) continue;
      const entry = { appName: c.composeProject, service: c.service, image: c.configImage };
      if (
        !service.alsoAffected.some(
          (a) => a.appName === entry.appName && a.service === entry.service,
        )
      ) {
        service.alsoAffected.push(entry);
      }
    }
  }
}

function canonical(reference: string): string {
  try {
    return formatReference(withDefaultTag(parseReference(reference)));
  } catch {
    return reference;
  }
}
