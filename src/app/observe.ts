import {
  inspectLocalImage,
  listComposeContainers,
  type ServiceContainer,
} from '../docker/index.js';
import { type ComposeTarget, SelectionError } from '../dokploy/index.js';
import type { ContainerFacts, ImageFacts, ServiceFacts } from '../plan/index.js';
import {
  formatReference,
  type ImageReference,
  namesSameImage,
  parseReference,
  repoDigestsFor,
  tagReference,
  withDefaultTag,
} from '../registry/index.js';
import { withComposePolicies } from './compose-policies.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { checkExplicitImages } from './explicit-images.js';
import { type DeclaredImage, declaredImages } from './images.js';
import { checkPlatforms } from './platform-check.js';
import type { RemoteDigests } from './remote.js';
import { targetInfo } from './targets.js';

/**
 * Gathers the facts of one compose service without changing anything: its declared images, the
 * containers running them, the digests those containers run, and the registry's current digest.
 * A failure here is this service's alone: the run goes on with the others.
 */
export async function observeTarget(
  ctx: RunContext,
  target: ComposeTarget,
  remote: RemoteDigests,
): Promise<ServiceFacts> {
  const info = targetInfo(target);
  const log = ctx.logger.child({ service: target.name, appName: target.appName });

  try {
    const composeText = await composeTextOf(ctx, target);
    const { images, warnings } = declaredImages(target, composeText, ctx.config.images);
    for (const warning of warnings) log.warn({ warning }, 'compose file warning');

    const containers = await listComposeContainers(ctx.docker, target.appName);
    if (ctx.config.images.length > 0) {
      checkExplicitImages(ctx.config.images, containers, target.name);
    }
    const facts = await Promise.all(
      images.map((image) => observeImage(ctx, image, containers, remote)),
    );
    const decided = withComposePolicies(ctx.config, target, images, facts, containers);
    return { target: info, images: decided };
  } catch (error) {
    if (error instanceof SelectionError) throw error;
    log.error({ err: describeError(error) }, 'service could not be observed');
    return { target: info, images: [], error: describeError(error) };
  }
}

// `compose.getConvertedCompose` is the file Dokploy really deploys, for every source type: git
// sources read the repository's file, and Dokploy may rewrite even a raw one (domains, suffixes).
async function composeTextOf(ctx: RunContext, target: ComposeTarget): Promise<string> {
  if (ctx.config.images.length > 0) return target.composeFile ?? '';
  return ctx.dokploy.convertedCompose(target.composeId);
}

async function observeImage(
  ctx: RunContext,
  declared: DeclaredImage,
  containers: ServiceContainer[],
  remote: RemoteDigests,
): Promise<ImageFacts> {
  const base = { service: declared.service, reference: declared.reference, containers: [] };
  if (declared.build) {
    return {
      ...base,
      reference: declared.reference || '(local build)',
      unsupported: {
        status: 'skipped',
        reason: 'built locally from source (build:), never pulled',
      },
    };
  }

  if (declared.reference.trim() === '') {
    const reason = '`image:` is empty after variable substitution: is a variable unset?';
    return { ...base, reference: '(empty)', unsupported: { status: 'error', reason } };
  }

  let ref: ImageReference;
  try {
    ref = withDefaultTag(parseReference(declared.reference));
  } catch (error) {
    return { ...base, unsupported: { status: 'error', reason: describeError(error) } };
  }

  const running = containersOf(declared, ref, containers);
  const service = declared.service || running[0]?.service || '(no container)';
  // Compose pulls `tag@digest` by its digest, so such a service never moves with the tag; the
  // tag is still asked about (once, when something runs it) so the report can say it moved on.
  if (ref.digest) {
    const pinned: ImageFacts = { ...base, service, pinnedDigest: ref.digest };
    const byTag = tagReference(ref);
    if (byTag && running.length > 0) pinned.remote = await remote.lookup(byTag);
    return pinned;
  }

  const containerFacts = await Promise.all(running.map((c) => observeContainer(ctx, c, ref)));
  const local = await inspectLocalImage(ctx.docker, formatReference(ref));
  const facts: ImageFacts = { ...base, service, containers: containerFacts };
  if (local) facts.local = { imageId: local.id, digests: repoDigestsFor(ref, local.repoDigests) };
  // Images no container runs are reported skipped by the planner: no registry request for them.
  if (containerFacts.length > 0) facts.remote = await remote.lookup(ref);
  if (facts.remote && 'digest' in facts.remote) {
    facts.containers = await checkPlatforms(ctx.docker, ref, facts.remote, containerFacts, remote);
  }
  return facts;
}

function containersOf(
  declared: DeclaredImage,
  ref: ImageReference,
  containers: ServiceContainer[],
): ServiceContainer[] {
  if (declared.service) return containers.filter((c) => c.service === declared.service);

  // An explicit `--image` names no compose service: match containers created from that reference.
  return containers.filter((c) => namesSameImage(ref, c.configImage));
}

async function observeContainer(
  ctx: RunContext,
  container: ServiceContainer,
  ref: ImageReference,
): Promise<ContainerFacts> {
  const image = await inspectLocalImage(ctx.docker, container.imageId);
  const repoDigests = image?.repoDigests ?? [];
  return {
    id: container.id,
    name: container.name,
    imageId: container.imageId,
    digests: repoDigestsFor(ref, repoDigests),
    fromRegistry: repoDigests.length > 0,
  };
}
