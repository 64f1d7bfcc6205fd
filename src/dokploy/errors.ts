/**
 * Errors of the Dokploy client, one class per thing the caller does next. Callers branch on the
 * class, never on the message; the message is for humans and carries Dokploy's own words.
 */

interface DokployErrorOptions {
  /** `router.procedure`, e.g. `compose.one`. */
  procedure: string;
  status?: number;
  cause?: unknown;
}

export class DokployError extends Error {
  readonly procedure: string;
  readonly status: number | undefined;

  constructor(message: string, options: DokployErrorOptions) {
    super(message, { cause: options.cause });
    this.procedure = options.procedure;
    this.status = options.status;
  }
}

/** No answer, a timeout, a 5xx or a 429: try again later; never read as "nothing changed". */
export class DokployUnavailableError extends DokployError {
  override name = 'DokployUnavailableError';
}

/** 401/403: the key is wrong, belongs to another organization, or is rate limited. */
export class DokployAuthError extends DokployError {
  override name = 'DokployAuthError';

  constructor(message: string, options: DokployErrorOptions & { maybeRateLimited: boolean }) {
    super(message, options);
    this.maybeRateLimited = options.maybeRateLimited;
  }

  /** True when this key answered successfully earlier in this process and now does not. */
  readonly maybeRateLimited: boolean;
}

/**
 * 404: the service (or the procedure, on an older Dokploy) does not exist. A finding, not a retry.
 */
export class DokployNotFoundError extends DokployError {
  override name = 'DokployNotFoundError';
}

/** 400/415 and other 4xx: our request was wrong or the input was bad. Retrying will not help. */
export class DokployRequestError extends DokployError {
  override name = 'DokployRequestError';
}

/** A 2xx whose body does not have the shape we rely on: an unknown Dokploy version or a bug. */
export class DokployResponseError extends DokployError {
  override name = 'DokployResponseError';
}

/** The user's selection names something Dokploy does not have. The CLI maps it to exit code 2. */
export class SelectionError extends Error {
  override name = 'SelectionError';
}

/** No new deployment reached a final status in time. The deployment may still finish later. */
export class DeploymentTimeoutError extends Error {
  override name = 'DeploymentTimeoutError';

  constructor(
    message: string,
    readonly details: {
      serviceId: string;
      timeoutMs: number;
      /** The newest unseen deployment row, if one appeared at all. */
      lastSeen?: { deploymentId: string; status: string };
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
  }
}
