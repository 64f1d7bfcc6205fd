import { ComposeFileError } from './errors.js';
import { type ComposeVariables, interpolateTree } from './interpolate.js';
import { parseComposeYaml } from './yaml.js';

/** What one compose service runs, as far as pulling is concerned. */
export interface ComposeServiceImage {
  service: string;
  /** The image reference after interpolation; absent when the service names none. */
  image?: string;
  /**
   * The service has a `build:` section. Compose then builds the image locally, and tags it with
   * `image` when both are given, so it is never pulled.
   */
  build: boolean;
  /** `pull_policy` as written (`always`, `never`, `missing`, `build`, `if_not_present`, …). */
  pullPolicy?: string;
  platform?: string;
}

export interface ComposeServices {
  services: ComposeServiceImage[];
  warnings: string[];
}

/**
 * Lists the services of a compose file with the image each runs, reading the file as compose
 * does: YAML with anchors, aliases and merge keys, then interpolation of every string value.
 * Top-level `x-` extension fields only serve as anchors and are not services.
 * Throws `ComposeFileError` or `ComposeInterpolationError` when compose would refuse the file.
 */
export function extractServices(yamlText: string, variables: ComposeVariables): ComposeServices {
  const parsed = parseComposeYaml(yamlText);
  if (parsed === null || parsed === undefined) {
    throw new ComposeFileError('compose file is empty: it has no `services` section');
  }
  if (!isMap(parsed)) throw new ComposeFileError('compose file must be a mapping at the top level');

  const { value, warnings } = interpolateTree(parsed, variables);
  const services = (value as Record<string, unknown>).services;
  if (services === undefined || services === null) {
    throw new ComposeFileError('compose file has no `services` section');
  }
  if (!isMap(services)) {
    throw new ComposeFileError('`services` must be a mapping of service names to definitions');
  }

  const result = Object.entries(services).map(([name, definition]) =>
    readService(name, definition, warnings),
  );
  return { services: result, warnings };
}

function readService(name: string, definition: unknown, warnings: string[]): ComposeServiceImage {
  if (!isMap(definition)) {
    throw new ComposeFileError(`service ${name} must be a mapping, not ${describe(definition)}`);
  }
  const image = optionalString(name, definition, 'image');
  const pullPolicy = optionalString(name, definition, 'pull_policy');
  const platform = optionalString(name, definition, 'platform');
  const build = definition.build !== undefined && definition.build !== null;

  if (image === '') {
    warnings.push(`service ${name}: image is empty after interpolation; compose will reject it`);
  } else if (image === undefined && !build) {
    warnings.push(`service ${name} has neither image nor build; compose will reject it`);
  }
  return {
    service: name,
    build,
    ...(image !== undefined ? { image } : {}),
    ...(pullPolicy !== undefined ? { pullPolicy } : {}),
    ...(platform !== undefined ? { platform } : {}),
  };
}

function optionalString(
  service: string,
  definition: Record<string, unknown>,
  field: string,
): string | undefined {
  const value = definition[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ComposeFileError(
      `service ${service}: \`${field}\` must be a string, not ${describe(value)}`,
    );
  }
  return value;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
