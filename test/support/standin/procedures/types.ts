import type Docker from 'dockerode';
import type { z } from 'zod';
import type { JobQueue } from '../jobs/index.js';
import type { StandInState } from '../store.js';

export interface ProcedureContext {
  state: StandInState;
  version: string;
  jobs: JobQueue;
  docker: Docker;
}

/**
 * One tRPC procedure as Dokploy's REST adapter exposes it: queries answer GET with flat query
 * parameters, mutations answer POST with a JSON body. A result of `undefined` is sent as an
 * empty 200 body, as Dokploy does for `application.deploy`.
 */
export interface Procedure<S extends z.ZodType = z.ZodType> {
  kind: 'query' | 'mutation';
  input: S;
  run(input: z.output<S>, ctx: ProcedureContext): unknown;
}

export function query<S extends z.ZodType>(
  input: S,
  run: (input: z.output<S>, ctx: ProcedureContext) => unknown,
): Procedure<S> {
  return { kind: 'query', input, run };
}

export function mutation<S extends z.ZodType>(
  input: S,
  run: (input: z.output<S>, ctx: ProcedureContext) => unknown,
): Procedure<S> {
  return { kind: 'mutation', input, run };
}
