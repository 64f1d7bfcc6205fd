import type { RemoteErrorKind, RemoteFacts } from '../plan/index.js';
import {
  formatReference,
  type ImageReference,
  ManifestNotFoundError,
  RegistryAuthError,
  type RegistryClient,
  RegistryUnavailableError,
} from '../registry/index.js';
import { describeError } from './errors.js';

export interface RemoteDigests {
  lookup(ref: ImageReference): Promise<RemoteFacts>;
}

/**
 * The registry's current digest per unique reference, asked at most once per run however many
 * services use the reference. Failures are facts too: the planner turns them into `error`.
 */
export function createRemoteDigests(registry: RegistryClient): RemoteDigests {
  const cache = new Map<string, Promise<RemoteFacts>>();

  return {
    lookup(ref) {
      const key = formatReference(ref);
      let pending = cache.get(key);
      if (!pending) {
        pending = registry.fetchDigest(ref).then(
          (result) => ({ digest: result.digest }),
          (error: unknown) => ({ error: describeError(error), errorKind: classify(error) }),
        );
        cache.set(key, pending);
      }
      return pending;
    },
  };
}

function classify(error: unknown): RemoteErrorKind {
  if (error instanceof RegistryUnavailableError) return 'unavailable';
  if (error instanceof RegistryAuthError) return 'auth';
  if (error instanceof ManifestNotFoundError) return 'not-found';
  return 'other';
}
