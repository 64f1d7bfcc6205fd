import type { ImageVerdict, Plan, ServicePlan, TargetInfo } from './types.js';

/**
 * Reasons to leave an available update alone for now, gathered from the state store before
 * planning: digests too recently first seen (cooldown) and digests that already failed or were
 * rolled back on that service. The clock is an input, so the plan stays a pure function.
 */
export interface DigestHolds {
  now: string;
  minAgeSeconds: number;
  /** First sightings, by `sightingKey`. */
  firstSeen: Record<string, string>;
  /** Digests not to try again, by `badDigestKey`. */
  bad: Record<string, { outcome: string; at: string }>;
}

export function sightingKey(reference: string, digest: string): string {
  return `${reference} ${digest}`;
}

export function badDigestKey(target: TargetInfo, reference: string, digest: string): string {
  return `${target.kind}:${target.id} ${reference} ${digest}`;
}

export function applyHolds(plan: Plan, holds: DigestHolds): Plan {
  return { ...plan, services: plan.services.map((service) => holdService(service, holds)) };
}

function holdService(service: ServicePlan, holds: DigestHolds): ServicePlan {
  if (service.action !== 'redeploy') return service;
  const images = service.images.map((image) => holdImage(service.target, image, holds));
  const action = images.some((i) => i.status === 'update-available')
    ? 'redeploy'
    : images.every((i) => i.status === 'skipped')
      ? 'skip'
      : 'none';
  return { ...service, action, images };
}

function holdImage(target: TargetInfo, image: ImageVerdict, holds: DigestHolds): ImageVerdict {
  if (image.status !== 'update-available' || !image.remoteDigest) return image;
  const digest = image.remoteDigest;

  const bad = holds.bad[badDigestKey(target, image.reference, digest)];
  if (bad) {
    const what = bad.outcome === 'failed' ? 'failed' : 'was rolled back';
    return {
      ...image,
      status: 'skipped',
      pull: false,
      reason: `${digest} ${what} here at ${bad.at}: not tried again until a newer digest appears`,
    };
  }

  if (holds.minAgeSeconds > 0) {
    const seen = holds.firstSeen[sightingKey(image.reference, digest)] ?? holds.now;
    const due = Date.parse(seen) + holds.minAgeSeconds * 1000;
    if (due > Date.parse(holds.now)) {
      return {
        ...image,
        status: 'skipped',
        pull: false,
        reason: `cooldown: ${digest} first seen at ${seen}, due ${new Date(due).toISOString()}`,
      };
    }
  }
  return image;
}
