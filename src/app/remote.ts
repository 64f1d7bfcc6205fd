import type { RemoteErrorKind, RemoteFacts } from '../plan/index.js';
import {
  formatReference,
  type ImageReference,
  ManifestNotFoundError,
  manifestConfigDigest,
  type Platform,
  platformChild,
  RegistryAuthError,
  type RegistryClient,
  RegistryUnavailableError,
  type RemoteManifest,
  repositoryKey,
} from '../registry/index.js';
import { describeError } from './errors.js';

export interface RemoteDigests {
  lookup(ref: ImageReference): Promise<RemoteFacts>;
  /**
   * The child manifest `platform` pulls from the manifest `digest` of `ref`'s repository; undefined
   * when that index has no such platform. Throws `ManifestNotFoundError` when the manifest is gone.
   */
  platformDigest(
    ref: ImageReference,
    digest: string,
    platform: Platform,
  ): Promise<string | undefined>;
  /** The config digest (the classic image ID) the image manifest `digest` names. */
  configDigest(ref: ImageReference, digest: string): Promise<string | undefined>;
}

/**
 * The registry's current digest per unique reference, asked at most once per run however many
 * services use the reference. Failures are facts too: the planner turns them into `error`.
 * Manifests fetched for multi-arch checks are kept for the run too: a manifest named by its
 * digest never changes.
 */
export function createRemoteDigests(registry: RegistryClient): RemoteDigests {
  const cache = new Map<string, Promise<RemoteFacts>>();
  const manifests = new Map<string, Promise<RemoteManifest>>();

  return {
    lookup(ref) {
      const key = formatReference(ref);
      let pending = cache.get(key);
      if (!pending) {
        pending = registry.fetchDigest(ref).then(
          (result) => ({
            digest: result.digest,
            ...(result.mediaType ? { mediaType: result.mediaType } : {}),
          }),
          (error: unknown) => ({ error: describeError(error), errorKind: classify(error) }),
        );
        cache.set(key, pending);
      }
      return pending;
    },

    async platformDigest(ref, digest, platform) {
      return platformChild(ref, await manifest(ref, digest), platform);
    },

    async configDigest(ref, digest) {
      return manifestConfigDigest(await manifest(ref, digest));
    },
  };

  function manifest(ref: ImageReference, digest: string): Promise<RemoteManifest> {
    const key = `${repositoryKey(ref)}@${digest}`;
    let pending = manifests.get(key);
    if (!pending) {
      pending = registry.fetchManifest(ref, digest);
      manifests.set(key, pending);
    }
    return pending;
  }
}

function classify(error: unknown): RemoteErrorKind {
  if (error instanceof RegistryUnavailableError) return 'unavailable';
  if (error instanceof RegistryAuthError) return 'auth';
  if (error instanceof ManifestNotFoundError) return 'not-found';
  return 'other';
}
