import { applyHolds } from './holds.js';
import { judgePinned } from './pinned.js';
import { platformOutcome, unchangedPlatformsReason } from './platform.js';
import { redeployPullReason } from './pull.js';
import type {
  ImageFacts,
  ImageVerdict,
  Plan,
  Policy,
  ServiceAction,
  ServiceFacts,
  ServicePlan,
} from './types.js';

/**
 * Decides, from gathered facts alone, what each image's status is and what to do with each service.
 * No I/O and no clock reads: the same facts and policy always give the same plan.
 */
export function planRun(services: ServiceFacts[], policy: Policy): Plan {
  const plan = { dryRun: policy.dryRun, services: services.map(planService) };
  return policy.holds ? applyHolds(plan, policy.holds) : plan;
}

export function planService(facts: ServiceFacts): ServicePlan {
  if (facts.error) {
    return { target: facts.target, action: 'error', reason: facts.error, images: [] };
  }
  if (facts.skip) return { target: facts.target, action: 'skip', reason: facts.skip, images: [] };

  const images = facts.images.map(judgeImage);
  return { target: facts.target, action: chooseAction(images), images };
}

function chooseAction(images: ImageVerdict[]): ServiceAction {
  if (images.some((image) => image.status === 'update-available')) return 'redeploy';
  if (images.length > 0 && images.every((image) => image.status === 'skipped')) return 'skip';
  return 'none';
}

export function judgeImage(image: ImageFacts): ImageVerdict {
  const base = { service: image.service, reference: image.reference, pull: false };

  if (image.unsupported) return { ...base, ...image.unsupported };
  if (image.optOut) return { ...base, status: 'skipped', reason: image.optOut };
  if (image.pullPolicy === 'never') {
    return { ...base, status: 'skipped', reason: 'pull_policy: never (compose never pulls it)' };
  }
  if (image.pinnedDigest) return judgePinned(base, image, image.pinnedDigest);
  if (image.containers.length === 0) {
    return {
      ...base,
      status: 'skipped',
      reason: `no running container of ${image.service} uses it`,
    };
  }
  if (!image.remote) return { ...base, status: 'error', reason: 'the registry was not asked' };
  if ('error' in image.remote) return { ...base, status: 'error', reason: image.remote.error };

  const remoteDigest = image.remote.digest;
  if (!image.containers.some((container) => container.fromRegistry)) {
    return { ...base, status: 'skipped', reason: 'built or loaded locally: no registry digest' };
  }

  const differing = image.containers.filter((c) => !c.digests.includes(remoteDigest));
  const outcomes = differing.map((container) => ({
    container,
    outcome: platformOutcome(container),
  }));
  const failed = outcomes.find(({ outcome }) => typeof outcome === 'object');
  if (failed && typeof failed.outcome === 'object') {
    return { ...base, status: 'error', reason: failed.outcome.error, remoteDigest };
  }
  const lagging = outcomes.filter(({ outcome }) => outcome === 'changed').map((o) => o.container);
  if (lagging.length === 0) {
    const reason = unchangedPlatformsReason(differing);
    return {
      ...base,
      status: 'up-to-date',
      currentDigest: differing[0]?.digests[0] ?? remoteDigest,
      remoteDigest,
      ...(reason ? { reason } : {}),
    };
  }

  const currentDigest = lagging.find((container) => container.digests.length > 0)?.digests[0];
  if (currentDigest === undefined) {
    // The running image came from the registry, but under another repository name only: we cannot
    // tell which version it is, and redeploying on a guess could replace a deliberate choice.
    return {
      ...base,
      status: 'skipped',
      reason: 'the running image has no digest from this repository',
      remoteDigest,
    };
  }

  // The engine already holds the new image under the tag (someone pulled it) but the container was
  // never recreated: a redeploy is enough.
  const engineHasIt = image.local?.digests.includes(remoteDigest) ?? false;
  const pulledBy = engineHasIt ? undefined : redeployPullReason(image);
  return {
    ...base,
    status: 'update-available',
    currentDigest,
    remoteDigest,
    pull: !engineHasIt && pulledBy === undefined,
    change: engineHasIt ? 'stale-container' : 'registry',
    ...(pulledBy ? { pulledBy } : {}),
  };
}
