/**
 * Every compose error is a finding for one Dokploy service: the file or its variables need fixing,
 * so retrying later cannot help. Callers report the service as `error` and go on with the others.
 * Messages name variables, paths and lines but never a variable's value, which may be a secret.
 */
export class ComposeError extends Error {
  override name = 'ComposeError';
}

/** The compose file cannot be read as compose would read it (YAML syntax, shape). */
export class ComposeFileError extends ComposeError {
  override name = 'ComposeFileError';
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, position?: { line: number; column: number }) {
    super(message);
    this.line = position?.line;
    this.column = position?.column;
  }
}

/** A `${...}` expression compose refuses: a required variable is missing or the syntax is wrong. */
export class ComposeInterpolationError extends ComposeError {
  override name = 'ComposeInterpolationError';
  readonly variable: string | undefined;
  /** Where in the file, e.g. `services.web.image`, when known. */
  readonly path: string | undefined;

  constructor(message: string, details: { variable?: string; path?: string } = {}) {
    super(details.path === undefined ? message : `${details.path}: ${message}`);
    this.variable = details.variable;
    this.path = details.path;
  }
}

/**
 * A `${{project.X}}`, `${{environment.X}}` or `${{X}}` reference that Dokploy cannot resolve.
 * Dokploy itself refuses to deploy such a service, so the service cannot be updated either.
 */
export class DokployEnvReferenceError extends ComposeError {
  override name = 'DokployEnvReferenceError';
  readonly variable: string;
  readonly reference: string;

  constructor(variable: string, reference: string) {
    super(`variable ${variable} refers to \${{${reference}}}, which Dokploy cannot resolve`);
    this.variable = variable;
    this.reference = reference;
  }
}
