import type Docker from 'dockerode';
import type { ContainerFacts, PlatformCheck } from '../plan/index.js';
import {
  formatPlatform,
  type ImageReference,
  isIndexMediaType,
  ManifestNotFoundError,
  type Platform,
} from '../registry/index.js';
import { describeError } from './errors.js';
import type { RemoteDigests } from './remote.js';

/**
 * Adds the platform check to containers whose index digest differs from the registry's: the child
 * manifest for the container's own platform is resolved from both indexes, so that a new index
 * that only changed another architecture's image is not an update for this host. Costs a manifest
 * GET per distinct index, and nothing for single-platform images or containers already current.
 */
export async function checkPlatforms(
  docker: Docker,
  ref: ImageReference,
  remote: { digest: string; mediaType?: string },
  containers: ContainerFacts[],
  digests: RemoteDigests,
): Promise<ContainerFacts[]> {
  // A registry that leaves out the media type may still serve an index: then the GET finds out.
  if (remote.mediaType !== undefined && !isIndexMediaType(remote.mediaType)) return containers;
  return Promise.all(
    containers.map(async (container) => {
      if (container.digests.length === 0 || container.digests.includes(remote.digest)) {
        return container;
      }
      const platformCheck = await checkOne(docker, ref, remote.digest, container, digests);
      return { ...container, platformCheck };
    }),
  );
}

async function checkOne(
  docker: Docker,
  ref: ImageReference,
  remoteDigest: string,
  container: ContainerFacts,
  digests: RemoteDigests,
): Promise<PlatformCheck> {
  const platform = await imagePlatform(docker, container.imageId);
  const name = formatPlatform(platform);
  try {
    const remote = await digests.platformDigest(ref, remoteDigest, platform);
    let running = await runningChild(ref, container, remote, platform, digests);
    // The index the container runs was deleted upstream: the new child's config digest, which the
    // engine's classic store uses as the image ID, still tells whether it is the same image.
    if (running === undefined && remote !== undefined) {
      const config = await digests.configDigest(ref, remote);
      if (config !== undefined && config === container.imageId) running = remote;
    }
    return {
      platform: name,
      ...(running !== undefined ? { running } : {}),
      ...(remote !== undefined ? { remote } : {}),
    };
  } catch (error) {
    return { platform: name, error: describeError(error) };
  }
}

/**
 * The child the container runs. RepoDigests may name several manifests of one image (its index,
 * and the platform manifest itself when it was also pushed or pulled alone): a digest that already
 * is the registry's child needs no request, and the others are read one at a time until one
 * matches, since every manifest GET counts as a pull on Docker Hub.
 */
async function runningChild(
  ref: ImageReference,
  container: ContainerFacts,
  remote: string | undefined,
  platform: Platform,
  digests: RemoteDigests,
): Promise<string | undefined> {
  if (remote !== undefined && container.digests.includes(remote)) return remote;
  let found: string | undefined;
  for (const digest of container.digests) {
    const child = await digests.platformDigest(ref, digest, platform).catch((error: unknown) => {
      if (error instanceof ManifestNotFoundError) return undefined;
      throw error;
    });
    if (child !== undefined && child === remote) return child;
    found ??= child;
  }
  return found;
}

/**
 * The platform the image was built for, as the engine recorded it when pulling; for a swarm task
 * known only by its pinned digest (no image ID here), the engine's own platform, which is what it
 * pulled that task's image for.
 */
async function imagePlatform(docker: Docker, imageId: string): Promise<Platform> {
  const info = imageId ? ((await docker.getImage(imageId).inspect()) as ImagePlatform) : undefined;
  if (info?.Os && info.Architecture) {
    const { Os: os, Architecture: architecture, Variant: variant } = info;
    return { os, architecture, ...(variant ? { variant } : {}) };
  }
  // `docker version` names the platform the way manifests do (`amd64`, `arm64`), unlike `info`.
  const version = (await docker.version()) as { Os?: string; Arch?: string };
  return { os: version.Os || 'linux', architecture: version.Arch || 'amd64' };
}

interface ImagePlatform {
  Os?: string;
  Architecture?: string;
  Variant?: string;
}
