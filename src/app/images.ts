import { composeVariables, extractServices } from '../compose/index.js';
import type { ComposeTarget } from '../dokploy/index.js';

/** An image a target declares, before anything is asked of the engine or the registry. */
export interface DeclaredImage {
  service: string;
  reference: string;
  /** Compose builds it locally (`build:`): never pulled, never checked. */
  build: boolean;
  /** `pull_policy` as written, when the service sets one. */
  pullPolicy?: string;
}

export interface DeclaredImages {
  images: DeclaredImage[];
  warnings: string[];
}

/**
 * The images of a compose target: the explicit `--image` list when one was given, otherwise the
 * compose file, interpolated with the variables Dokploy hands to compose.
 */
export function declaredImages(
  target: ComposeTarget,
  composeText: string,
  explicit: string[],
): DeclaredImages {
  if (explicit.length > 0) {
    // The compose service of an explicit image is found later from the running containers.
    return {
      images: explicit.map((reference) => ({ service: '', reference, build: false })),
      warnings: [],
    };
  }

  const variables = composeVariables({
    env: target.env ?? '',
    projectEnv: target.projectEnv ?? '',
    environmentEnv: target.environmentEnv ?? '',
    appName: target.appName,
    composeType: target.composeType === 'stack' ? 'stack' : 'docker-compose',
  });
  const { services, warnings } = extractServices(composeText, variables);

  const images = services
    // An `image:` that interpolates to nothing stays in, so the report names it as an error.
    .filter((service) => service.build || service.image !== undefined)
    .map((service) => ({
      service: service.service,
      reference: service.image ?? '',
      build: service.build,
      ...(service.pullPolicy ? { pullPolicy: service.pullPolicy } : {}),
    }));
  return { images, warnings };
}
