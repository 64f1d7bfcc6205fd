import { badDigestKey, type DigestHolds, type ServiceFacts, sightingKey } from '../plan/index.js';
import type { RunContext } from './context.js';
import { describeError } from './errors.js';

/**
 * Notes the first sighting of every registry digest this run saw, then gathers what the planner
 * needs to hold updates back: those sightings (cooldown) and the digests remembered as bad.
 * Without a state store nothing is held back.
 */
export function digestHolds(
  ctx: RunContext,
  facts: ServiceFacts[],
  now = new Date(),
): DigestHolds | undefined {
  const store = ctx.state;
  if (!store) return undefined;
  const holds: DigestHolds = {
    now: now.toISOString(),
    minAgeSeconds: ctx.config.minAgeSeconds,
    firstSeen: {},
    bad: {},
  };
  try {
    for (const service of facts) {
      for (const image of service.images) {
        const remote = image.remote;
        if (!remote || !('digest' in remote)) continue;
        const seen = store.noteSighting(image.reference, remote.digest, now);
        holds.firstSeen[sightingKey(image.reference, remote.digest)] = seen;
      }
      for (const bad of store.listBadDigests(`${service.target.kind}:${service.target.id}`)) {
        holds.bad[badDigestKey(service.target, bad.reference, bad.digest)] = bad;
      }
    }
  } catch (error) {
    // Without its memory the run would update past a cooldown or retry a bad digest: stop it.
    ctx.logger.error({ err: describeError(error) }, 'state store unreadable');
    throw error;
  }
  return holds;
}
