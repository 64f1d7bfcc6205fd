import {
  isHexIdentifier,
  PROBLEM_TEXT,
  parseRawReference,
  type ReferenceProblem,
} from './reference-grammar.js';

/**
 * Image references read the way `docker pull` reads them (`ParseNormalizedNamed` in Docker's
 * reference library): `nginx`, `docker.io/library/nginx` and `index.docker.io/library/nginx:latest`
 * all name the repository `docker.io/library/nginx`.
 */
export interface ImageReference {
  /** Registry host as written, with port: `docker.io`, `localhost:5000`, `[::1]:5000`. */
  registry: string;
  /** Path inside the registry, `library/` included for official Docker Hub images. */
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';

/** The input cannot name an image; the message says which input and what is wrong with it. */
export class InvalidReferenceError extends Error {
  override name = 'InvalidReferenceError';

  constructor(
    readonly input: string,
    readonly problem: ReferenceProblem,
  ) {
    super(`invalid image reference ${JSON.stringify(input)}: ${PROBLEM_TEXT[problem]}`);
  }
}

export function parseReference(input: string): ImageReference {
  if (input === '') throw new InvalidReferenceError(input, 'empty');
  if (isHexIdentifier(input)) throw new InvalidReferenceError(input, 'hex-identifier');
  const { domain, remainder } = splitDockerDomain(input);
  // Docker checks the case of the repository part itself, so `docker/Docker` fails with the
  // specific "must be lowercase" reason rather than as a general format error.
  const colon = remainder.indexOf(':');
  const repositoryPart = colon === -1 ? remainder : remainder.slice(0, colon);
  if (repositoryPart.toLowerCase() !== repositoryPart) {
    throw new InvalidReferenceError(input, 'uppercase');
  }
  const parsed = parseRawReference(`${domain}/${remainder}`);
  if (!parsed.ok) throw new InvalidReferenceError(input, parsed.problem);
  // Docker's grammar then reads `0.0_a/app` as a path with no registry at all; no registry can be
  // asked for that, so it is refused here rather than looked up under a host that cannot exist.
  if (parsed.value.domain !== domain) throw new InvalidReferenceError(input, 'domain');
  const { tag, digest } = parsed.value;
  const ref: ImageReference = { registry: domain, repository: parsed.value.path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * The first path part is a registry only when it looks like a host (has a dot or a port, is
 * `localhost`, or has upper case, which a repository may not); otherwise the image lives on
 * Docker Hub.
 */
function splitDockerDomain(input: string): { domain: string; remainder: string } {
  const slash = input.indexOf('/');
  const first = slash === -1 ? '' : input.slice(0, slash);
  const isHost =
    slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = isHost ? first : DOCKER_HUB;
  const remainder = isHost ? input.slice(slash + 1) : input;
  if (domain === LEGACY_DOCKER_HUB) domain = DOCKER_HUB;
  const needsLibrary = domain === DOCKER_HUB && !remainder.includes('/');
  return { domain, remainder: needsLibrary ? `${OFFICIAL_PREFIX}${remainder}` : remainder };
}

/** Canonical form, `docker.io/library/nginx:latest@sha256:…`; parses back to the same reference. */
export function formatReference(ref: ImageReference): string {
  return `${repositoryKey(ref)}${suffix(ref)}`;
}

/** The short form Docker prints: `nginx:latest`, `someuser/app`, `localhost:5000/app:1.2`. */
export function familiarReference(ref: ImageReference): string {
  return `${familiarName(ref)}${suffix(ref)}`;
}

export function familiarName(ref: ImageReference): string {
  if (ref.registry !== DOCKER_HUB) return repositoryKey(ref);
  const rest = ref.repository.startsWith(OFFICIAL_PREFIX)
    ? ref.repository.slice(OFFICIAL_PREFIX.length)
    : undefined;
  return rest !== undefined && !rest.includes('/') ? rest : ref.repository;
}

/** `registry/repository`: the key for "the same repository" whatever the tag or digest. */
export function repositoryKey(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** What `docker pull nginx` fetches: `latest` when the reference names neither tag nor digest. */
export function withDefaultTag(ref: ImageReference): ImageReference {
  if (ref.tag !== undefined || ref.digest !== undefined) return ref;
  return { ...ref, tag: 'latest' };
}

/**
 * The reference the engine pulls (`ParseDockerRef`): a digest wins over a tag, and a bare name
 * gets `latest`. Checking for updates keeps the tag instead, so this is only for pulling.
 */
export function pullReference(ref: ImageReference): ImageReference {
  if (ref.digest === undefined) return withDefaultTag(ref);
  return { registry: ref.registry, repository: ref.repository, digest: ref.digest };
}

function suffix(ref: ImageReference): string {
  const tag = ref.tag === undefined ? '' : `:${ref.tag}`;
  return `${tag}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}
