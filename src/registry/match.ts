import { type ImageReference, parseReference, repositoryKey } from './reference.js';

/**
 * Whether the image a container was created from (`Config.Image`) is the reference a service
 * declares. Compose writes `nginx` as `nginx:latest`, a swarm task carries `app:latest@sha256:…`:
 * the same repository and the same tag (`latest` when none is written) is the same image, whatever
 * spelling, registry alias or digest suffix each side has. A bare digest reference matches by
 * digest only.
 */
export function namesSameImage(ref: ImageReference, configImage: string): boolean {
  let other: ImageReference;
  try {
    other = parseReference(configImage);
  } catch {
    return false;
  }
  if (repositoryKey(other) !== repositoryKey(ref)) return false;
  const tag = effectiveTag(ref);
  const otherTag = effectiveTag(other);
  if (tag !== undefined || otherTag !== undefined) return tag === otherTag;
  return ref.digest === other.digest;
}

/** The tag a check asks the registry about; a digest-only reference has none. */
function effectiveTag(ref: ImageReference): string | undefined {
  if (ref.tag !== undefined) return ref.tag;
  return ref.digest === undefined ? 'latest' : undefined;
}

/** The reference without its pinned digest: what `tag@digest` is checked by. */
export function tagReference(ref: ImageReference): ImageReference | undefined {
  if (ref.tag === undefined) return undefined;
  return { registry: ref.registry, repository: ref.repository, tag: ref.tag };
}
