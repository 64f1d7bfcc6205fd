/**
 * Registry failures, classed by what the caller does next. None of them is ever read as "no
 * update": the image's status becomes an error with the reason, and the next run tries again.
 */

interface RegistryErrorOptions {
  cause?: unknown;
  status?: number;
}

abstract class RegistryError extends Error {
  readonly status: number | undefined;

  constructor(
    readonly registry: string,
    message: string,
    options: RegistryErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

/** The registry cannot answer now (5xx, timeout, refused, rate limit, HTML): retry later. */
export class RegistryUnavailableError extends RegistryError {
  override name = 'RegistryUnavailableError';

  constructor(
    registry: string,
    message: string,
    options: RegistryErrorOptions & { rateLimited?: boolean } = {},
  ) {
    super(registry, message, options);
    this.rateLimited = options.rateLimited ?? false;
  }

  /** Docker Hub's pull limit and other 429s, so the report can say so rather than "down". */
  readonly rateLimited: boolean;
}

/** Credentials are missing, wrong or lack access (401/403 after authenticating): fix the config. */
export class RegistryAuthError extends RegistryError {
  override name = 'RegistryAuthError';
}

/** The tag or repository does not exist (404): a finding for this image only. */
export class ManifestNotFoundError extends RegistryError {
  override name = 'ManifestNotFoundError';
}

/** docker `config.json` or a credential helper could not be read: a configuration problem. */
export class CredentialsConfigError extends Error {
  override name = 'CredentialsConfigError';
}
