import { randomBytes } from 'node:crypto';
import { docker, type EngineFacts, makeImage, pushImage } from '../env/index.js';

/**
 * How a broken release misbehaves: `exits` stops at once with code 3; `unhealthy` runs but its
 * image healthcheck fails; `healthy` is a good release whose image healthcheck passes.
 */
export type ReleaseKind = 'exits' | 'unhealthy' | 'healthy';

const CHANGES: Record<ReleaseKind, string[]> = {
  exits: ['CMD ["/bin/sh", "-c", "echo broken release; exit 3"]'],
  unhealthy: ['HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD ["/bin/false"]'],
  healthy: ['HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD ["/bin/true"]'],
};

/**
 * Publishes a release of `ref` that behaves as `kind` says: a normal test image with its command
 * or healthcheck changed by `docker commit`, which needs no builder. Returns the new digest.
 */
export async function publishRelease(
  engine: Pick<EngineFacts, 'host'>,
  ref: string,
  version: string,
  kind: ReleaseKind,
): Promise<string> {
  await makeImage(engine, ref, version);
  const name = `release-${randomBytes(4).toString('hex')}`;
  await docker(engine, ['create', '--name', name, ref]);
  try {
    const changes = CHANGES[kind].flatMap((change) => ['--change', change]);
    await docker(engine, ['commit', ...changes, name, ref]);
  } finally {
    await docker(engine, ['rm', '-f', name]);
  }
  return pushImage(engine, ref);
}
