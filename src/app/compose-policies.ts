import type { Config } from '../config/index.js';
import type { ServiceContainer } from '../docker/index.js';
import type { ComposeTarget } from '../dokploy/index.js';
import { commandPullsAlways, type ImageFacts } from '../plan/index.js';
import type { DeclaredImage } from './images.js';
import { imageOptOut } from './opt-out.js';

/**
 * Adds what the owner decided to each compose image's facts: opt-outs (configuration, or a label
 * on the service's containers), `pull_policy`, and a custom command that already pulls.
 * `declared` and `facts` are index-aligned, as observe builds them.
 */
export function withComposePolicies(
  config: Config,
  target: ComposeTarget,
  declared: DeclaredImage[],
  facts: ImageFacts[],
  containers: ServiceContainer[],
): ImageFacts[] {
  const commandPulls = commandPullsAlways(target.command)
    ? 'the custom command pulls on every deploy (--pull always)'
    : undefined;
  return facts.map((image, index) => {
    if (image.unsupported) return image;
    const service = declared[index]?.service || image.service;
    const labels = containers.filter((c) => c.service === service).map((c) => c.labels);
    const optOut = imageOptOut(config, image.reference, labels);
    const pullPolicy = declared[index]?.pullPolicy;
    return {
      ...image,
      ...(optOut ? { optOut } : {}),
      ...(pullPolicy ? { pullPolicy } : {}),
      ...(commandPulls ? { redeployPulls: commandPulls } : {}),
    };
  });
}
