import { z } from 'zod';
import type { RegistryClient } from './client.js';
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

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
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
  const manifest = await client.fetchManifest(ref, indexDigest);
  let json: unknown;
  try {
    json = JSON.parse(manifest.body.toString('utf8'));
  } catch (error) {
    throw new RegistryUnavailableError(
      ref.registry,
      `${ref.registry} sent a manifest that is not JSON`,
      {
        cause: error,
      },
    );
  }
  const parsed = ManifestIndex.safeParse(json);
  const mediaType = manifest.mediaType ?? (parsed.success ? parsed.data.mediaType : undefined);
  if (!parsed.success || !isIndexMediaType(mediaType)) return manifest.digest;
  const wanted = {
    ...platform,
    variant: platform.variant ?? defaultVariant(platform.architecture),
  };
  const child = parsed.data.manifests.find(
    ({ platform: p }) =>
      p !== undefined &&
      p.os === wanted.os &&
      p.architecture === wanted.architecture &&
      (wanted.variant === undefined ||
        (p.variant ?? defaultVariant(p.architecture)) === wanted.variant),
  );
  return child?.digest;
}

// containerd's platform matcher treats arm64 without a variant as v8 and arm as v7.
function defaultVariant(architecture: string): string | undefined {
  if (architecture === 'arm64') return 'v8';
  if (architecture === 'arm') return 'v7';
  return undefined;
}
