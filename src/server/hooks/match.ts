import { parseReference, withDefaultTag } from '../../registry/index.js';
import type { PushEvent } from './payloads.js';

// Names that all reach Docker Hub; a push event may use any of them.
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Whether a push event moved the image a service runs: same repository, same tag (an event without
 * a tag, a push by digest, matches every tag of the repository) and, when the event names its
 * registry, the same registry.
 */
export function eventMovesImage(event: PushEvent, reference: string): boolean {
  let ref: ReturnType<typeof parseReference>;
  try {
    ref = withDefaultTag(parseReference(reference));
  } catch {
    return false;
  }
  if (ref.digest && !ref.tag) return false;
  if (ref.repository !== event.repository) return false;
  if (event.tag && ref.tag !== event.tag) return false;
  return !event.registry || sameRegistry(event.registry, ref.registry);
}

function sameRegistry(a: string, b: string): boolean {
  if (a === b) return true;
  if (DOCKER_HUB.has(a) && DOCKER_HUB.has(b)) return true;
  // `localhost:5000` and `127.0.0.1:5000` are the same loopback registry.
  const loopback = (host: string) => host.replace(/^(localhost|127\.0\.0\.1|\[::1\])(?=:|$)/, 'lo');
  return loopback(a) === loopback(b);
}
