import type { Config } from '../config/index.js';
import type { Target } from '../dokploy/index.js';
import { formatReference, parseReference, withDefaultTag } from '../registry/index.js';

/** Labels owners put on a container or swarm service to keep updaters away from it. */
const OPT_OUT_LABELS = ['dokploy-autoupdate.enable', 'com.centurylinklabs.watchtower.enable'];

/** Why the configuration leaves a whole service out, or undefined when it does not. */
export function serviceOptOut(config: Config, target: Target): string | undefined {
  if (config.skip.projects.includes(target.projectName)) {
    return `opted out in configuration (skip.projects: ${target.projectName})`;
  }
  if (config.skip.services.includes(target.name)) {
    return `opted out in configuration (skip.services: ${target.name})`;
  }
  return undefined;
}

/** Why one image is left alone: the configuration's image list, then the labels given. */
export function imageOptOut(
  config: Config,
  reference: string,
  labelSets: Array<Record<string, string>>,
): string | undefined {
  const pattern = config.skip.images.find((p) => imageMatches(p, reference));
  if (pattern) return `opted out in configuration (skip.images: ${pattern})`;
  for (const labels of labelSets) {
    const label = OPT_OUT_LABELS.find((name) => labels[name]?.trim().toLowerCase() === 'false');
    if (label) return `opted out by label ${label}=false`;
  }
  return undefined;
}

// `redis` covers every tag of the repository; `redis:7` only that tag. Both sides are normalised,
// so `docker.io/library/redis` and `redis` are the same.
function imageMatches(pattern: string, reference: string): boolean {
  try {
    const wanted = parseReference(pattern);
    const actual = parseReference(reference);
    if (wanted.tag === undefined && wanted.digest === undefined) {
      return wanted.registry === actual.registry && wanted.repository === actual.repository;
    }
    return formatReference(withDefaultTag(wanted)) === formatReference(withDefaultTag(actual));
  } catch {
    return pattern === reference;
  }
}
