import type { ServiceContainer } from '../docker/index.js';
import { SelectionError } from '../dokploy/index.js';
import { namesSameImage, parseReference } from '../registry/index.js';
import { describeError } from './errors.js';

/**
 * `--image` names what to watch in one compose service. An image that does not parse, or that no
 * container of the service runs, is a mistake in the command line (exit 2), not a finding: saying
 * "skipped" would hide the typo, and saying "nothing runs on this engine" would be false.
 */
export function checkExplicitImages(
  images: string[],
  containers: ServiceContainer[],
  serviceName: string,
): void {
  const running = [...new Set(containers.map((c) => c.configImage))];
  const runs = running.length > 0 ? `its containers run ${running.join(', ')}` : 'nothing runs';

  for (const image of images) {
    let matched: boolean;
    try {
      const ref = parseReference(image);
      matched = containers.some((c) => namesSameImage(ref, c.configImage));
    } catch (error) {
      throw new SelectionError(`--image ${image}: ${describeError(error)}`);
    }
    if (!matched) {
      throw new SelectionError(
        `--image ${image}: no running container of ${serviceName} uses it (${runs}); ` +
          'pass one of those, or leave --image out to watch the whole compose file',
      );
    }
  }
}
