import {
  containerImageId,
  inspectLocalImage,
  inspectSwarmService,
  listRunningTasks,
  listStackServices,
  type SwarmService,
} from '../docker/index.js';
import type { ApplicationTarget, ComposeTarget } from '../dokploy/index.js';
import type { ContainerFacts, ImageFacts, ServiceFacts } from '../plan/index.js';
import {
  type ImageReference,
  parseReference,
  repoDigestsFor,
  withDefaultTag,
} from '../registry/index.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';
import { declaredImages } from './images.js';
import { imageOptOut } from './opt-out.js';
import { checkPlatforms } from './platform-check.js';
import type { RemoteDigests } from './remote.js';
import { targetInfo } from './targets.js';

const STACK_PULLS = 'docker stack deploy resolves the tag to its new digest itself';
const APPLICATION_PULLS = 'application.deploy pulls the image itself';

/**
 * A compose service of type `stack`: each compose service runs as the swarm service
 * `<appName>_<service>`, whose spec `docker stack deploy` pinned to `tag@digest`.
 */
export async function observeStack(
  ctx: RunContext,
  target: ComposeTarget,
  remote: RemoteDigests,
): Promise<ServiceFacts> {
  const info = targetInfo(target);
  try {
    const text = await ctx.dokploy.convertedCompose(target.composeId);
    const { images } = declaredImages(target, text, []);
    const services = await listStackServices(ctx.docker, target.appName);
    const facts = await Promise.all(
      images.map(async (declared): Promise<ImageFacts> => {
        const base = { service: declared.service, reference: declared.reference, containers: [] };
        if (declared.build) {
          const reason = 'built locally from source (build:), never pulled';
          return { ...base, unsupported: { status: 'skipped', reason } };
        }
        const service = services.find((s) => s.name === `${target.appName}_${declared.service}`);
        return observeSwarmImage(ctx, base, service, remote, STACK_PULLS);
      }),
    );
    return { target: info, images: facts };
  } catch (error) {
    return { target: info, images: [], error: describeError(error) };
  }
}

/** An application with a docker image: one swarm service named `appName`. */
export async function observeApplication(
  ctx: RunContext,
  target: ApplicationTarget,
  remote: RemoteDigests,
): Promise<ServiceFacts> {
  const info = targetInfo(target);
  try {
    const service = await inspectSwarmService(ctx.docker, target.appName);
    const base = { service: target.appName, reference: target.dockerImage, containers: [] };
    return {
      target: info,
      images: [await observeSwarmImage(ctx, base, service, remote, APPLICATION_PULLS)],
    };
  } catch (error) {
    return { target: info, images: [], error: describeError(error) };
  }
}

async function observeSwarmImage(
  ctx: RunContext,
  base: { service: string; reference: string; containers: ContainerFacts[] },
  service: SwarmService | undefined,
  remote: RemoteDigests,
  redeployPulls: string,
): Promise<ImageFacts> {
  let ref: ImageReference;
  try {
    ref = withDefaultTag(parseReference(base.reference));
  } catch (error) {
    return { ...base, unsupported: { status: 'error', reason: describeError(error) } };
  }
  if (ref.digest) return { ...base, pinnedDigest: ref.digest };

  const optOut = imageOptOut(ctx.config, base.reference, service ? [service.labels] : []);
  if (optOut) return { ...base, optOut };
  if (!service) return base;

  const containers = await taskFacts(ctx, service, ref);
  const facts: ImageFacts = { ...base, containers, redeployPulls };
  if (containers.length > 0) facts.remote = await remote.lookup(ref);
  // Swarm pins the index digest: a new index is an update only if this platform's image changed.
  if (facts.remote && 'digest' in facts.remote) {
    facts.containers = await checkPlatforms(ctx.docker, ref, facts.remote, containers, remote);
  }
  return facts;
}

/** What each running task runs: the digest swarm pinned, else its container's RepoDigests. */
export async function taskFacts(
  ctx: RunContext,
  service: SwarmService,
  ref: ImageReference,
): Promise<ContainerFacts[]> {
  const tasks = (await listRunningTasks(ctx.docker, service.id)).filter(
    (task) => task.state === 'running',
  );
  return Promise.all(
    tasks.map(async (task): Promise<ContainerFacts> => {
      const name = `${service.name}.${task.id.slice(0, 12)}`;
      const pinned = digestOf(task.image);
      if (pinned) return { id: task.id, name, imageId: '', digests: [pinned], fromRegistry: true };
      const imageId = task.containerId
        ? await containerImageId(ctx.docker, task.containerId)
        : undefined;
      const image = imageId ? await inspectLocalImage(ctx.docker, imageId) : undefined;
      const repoDigests = image?.repoDigests ?? [];
      return {
        id: task.id,
        name,
        imageId: imageId ?? '',
        digests: repoDigestsFor(ref, repoDigests),
        fromRegistry: repoDigests.length > 0,
      };
    }),
  );
}

export function digestOf(image: string): string | undefined {
  const at = image.lastIndexOf('@');
  return at >= 0 ? image.slice(at + 1) : undefined;
}
