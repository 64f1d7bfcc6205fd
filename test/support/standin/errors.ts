import { z } from 'zod';

/** tRPC error codes the stand-in answers with, and the HTTP status Dokploy maps each to. */
const STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof STATUS;

/** Thrown by procedures; the server turns it into Dokploy's JSON error body. */
export class ProcedureError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly zodError?: z.ZodError,
  ) {
    super(message);
    this.name = 'ProcedureError';
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (message: string): ProcedureError =>
  new ProcedureError('NOT_FOUND', message);

/**
 * `{message, code, data: {code, httpStatus, path?, zodError}}`, plus `issues` for validation
 * failures, as recorded (040-510). Routing failures carry no `path`: the procedure is unknown.
 */
export function errorBody(error: ProcedureError, path: string | undefined): unknown {
  const data: Record<string, unknown> = { code: error.code, httpStatus: error.status };
  if (path !== undefined) data.path = path;
  data.zodError = error.zodError ? z.flattenError(error.zodError) : null;
  const body: Record<string, unknown> = { message: error.message, code: error.code, data };
  if (error.zodError) body.issues = error.zodError.issues;
  return body;
}
