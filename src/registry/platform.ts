import { z } from 'zod';
import type { RegistryClient, RemoteManifest } from './client.js';
import { RegistryUnavailableError } from './errors.js';
import { isIndexMediaType } from './manifest.js';
import type { ImageReference } from './reference.js';

// The fields of an OCI image index / Docker manifest list that pick a child per platform.
// https://github.com/opencontainers/image-spec/blob/main/image-index.md
const ManifestIndex = z.object({
  mediaType: z.string().optional(),
  manifests: z.array(
    z.object({
      digest: z.string(),
      platform: z
        .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
        .optional(),
    }),
  ),
});

// The one field of an image manifest used here: the digest of the image's config blob.
const ImageManifest = z.object({ config: z.object({ digest: z.string() }) });

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** `linux/arm/v7`, `linux/amd64`: the spelling of `docker pull --platform`. */
export function formatPlatform(platform: Platform): string {
  const { os, architecture, variant } = platform;
  return variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
}

/**
 * The child manifest an engine on `platform` pulls from the index `indexDigest`, so that a change
 * to another architecture's image is not taken for an update of this host's. A single-platform
 * manifest is its own answer. Undefined when the index has no child for the platform.
 */
export async function resolvePlatformDigest(
  client: RegistryClient,
  ref: ImageReference,
  indexDigest: string,
  platform: Platform,
): Promise<string | undefined> {
  return platformChild(ref, await client.fetchManifest(ref, indexDigest), platform);
}

/** The digest `platform` pulls from a fetched manifest: its own for a single-platform one. */
export function platformChild(
  ref: ImageReference,
  manifest: RemoteManifest,
  platform: Platform,
): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(manifest.body.toString('utf8'));
  } catch (error) {
    const message = `${ref.registry} sent a manifest that is not JSON`;
    throw new RegistryUnavailableError(ref.registry, message, { cause: error });
  }
  const parsed = ManifestIndex.safeParse(json);
  const mediaType = manifest.mediaType ?? (parsed.success ? parsed.data.mediaType : undefined);
  if (!parsed.success || !isIndexMediaType(mediaType)) return manifest.digest;
  const wanted = normalise(platform);
  const child = parsed.data.manifests.find(({ platform: offered }) => {
    if (offered === undefined) return false;
    const p = normalise(offered);
    return (
      p.os === wanted.os &&
      p.architecture === wanted.architecture &&
      (wanted.variant === undefined || p.variant === wanted.variant)
    );
  });
  return child?.digest;
}

// containerd's platform matcher treats arm64 without a variant as v8 and arm as v7.
function normalise(platform: Platform): Platform {
  const variant = platform.variant || defaultVariant(platform.architecture);
  return { os: platform.os, architecture: platform.architecture, ...(variant ? { variant } : {}) };
}

function defaultVariant(architecture: string): string | undefined {
  if (architecture === 'arm64') return 'v8';
  if (architecture === 'arm') return 'v7';
  return undefined;
}

/**
 * The config digest an image manifest names: what the engine (with its classic image store) uses
 * as the image ID. Undefined for an index or anything else without a config.
 */
export function manifestConfigDigest(manifest: RemoteManifest): string | undefined {
  try {
    const parsed = ImageManifest.safeParse(JSON.parse(manifest.body.toString('utf8')));
    return parsed.success ? parsed.data.config.digest : undefined;
  } catch {
    return undefined;
  }
}
