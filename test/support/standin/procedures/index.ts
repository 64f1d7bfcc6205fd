import { applicationProcedures } from './application.js';
import { composeProcedures } from './compose.js';
import { deploymentProcedures } from './deployment.js';
import { projectProcedures } from './project.js';
import type { Procedure } from './types.js';

export type { Procedure, ProcedureContext } from './types.js';

/** Every procedure the stand-in serves, by `<router>.<procedure>` name. */
export const PROCEDURES: ReadonlyMap<string, Procedure> = new Map(
  Object.entries({
    ...projectProcedures,
    ...composeProcedures,
    ...applicationProcedures,
    ...deploymentProcedures,
  }),
);
