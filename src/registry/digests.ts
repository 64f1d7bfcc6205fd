import { type ImageReference, parseReference, repositoryKey } from './reference.js';
import { digestProblem } from './reference-grammar.js';

/** `sha256:<64 hex>` (or another algorithm the engine knows, at its exact length). */
export function isDigest(value: string): boolean {
  return /^[a-z0-9]+:[a-f0-9]+$/.test(value) && digestProblem(value) === undefined;
}

/**
 * The digests an image is known by in the reference's repository. An image's RepoDigests list
 * every repository it was pulled from or pushed to, in no fixed order and in familiar or canonical
 * form (`nginx@sha256:…`, `docker.io/library/nginx@sha256:…`), and the same repository may appear
 * several times when a tag moved and the old manifest still describes this image. Entries for
 * other repositories say nothing about this one, and entries that do not parse are ignored.
 */
export function repoDigestsFor(ref: ImageReference, repoDigests: readonly string[]): string[] {
  const wanted = repositoryKey(ref);
  const found = new Set<string>();
  for (const entry of repoDigests) {
    const parsed = tryParse(entry);
    if (parsed?.digest !== undefined && repositoryKey(parsed) === wanted) found.add(parsed.digest);
  }
  return [...found];
}

function tryParse(entry: string): ImageReference | undefined {
  try {
    return parseReference(entry);
  } catch {
    return undefined;
  }
}
