/**
 * The four manifest media types a pull accepts. Offering all of them makes the registry answer with
 * the digest a pull records (the index for multi-arch images); offering fewer makes some registries
 * convert the manifest and answer with a digest that matches nothing the engine has.
 */
export const MEDIA_TYPES = {
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
} as const;

export const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MEDIA_TYPES.dockerManifestList || mediaType === MEDIA_TYPES.ociIndex;
}
