import type { ImageFacts, ImageVerdict } from './types.js';

type Base = Pick<ImageVerdict, 'service' | 'reference' | 'pull'>;

/**
 * A reference pinned by digest is never updated: the person who pinned it chose that image. For
 * `tag@digest` (what swarm tasks carry, and what some people write to document the tag) the tag's
 * current digest is compared with the pin, so the report can say that the tag has moved on.
 */
export function judgePinned(base: Base, image: ImageFacts, pinned: string): ImageVerdict {
  const verdict: ImageVerdict = {
    ...base,
    status: 'skipped',
    reason: 'pinned by digest',
    currentDigest: pinned,
  };
  const remote = image.remote;
  if (remote === undefined) return verdict;
  if ('error' in remote) {
    return { ...base, status: 'error', reason: `pinned by digest; its tag: ${remote.error}` };
  }
  if (remote.digest === pinned) {
    return { ...verdict, reason: 'pinned by digest; its tag still points to it' };
  }
  return {
    ...verdict,
    reason: `pinned by digest; its tag now points to ${remote.digest} (not updated)`,
    remoteDigest: remote.digest,
  };
}
