import type { ContainerFacts } from './types.js';

/**
 * What the platform check says of a container whose index digest differs from the registry's:
 * `same` when the child manifest for its platform did not change (another architecture's did),
 * `changed` when it did or cannot be told, or the reason it cannot be judged at all.
 */
export function platformOutcome(container: ContainerFacts): 'same' | 'changed' | { error: string } {
  const check = container.platformCheck;
  if (check === undefined) return 'changed';
  if (check.error !== undefined) return { error: check.error };
  if (check.remote === undefined) {
    return { error: `the registry's current index has no image for ${check.platform}` };
  }
  // An index the container runs that can no longer be read is judged by the index digest alone.
  if (check.running === undefined) return 'changed';
  return check.running === check.remote ? 'same' : 'changed';
}

/** Why containers on an older index are up to date: their platforms' images did not change. */
export function unchangedPlatformsReason(containers: ContainerFacts[]): string | undefined {
  if (containers.length === 0) return undefined;
  const platforms = [...new Set(containers.map((c) => c.platformCheck?.platform))];
  return `a new index, but its ${platforms.join(', ')} image is unchanged`;
}
