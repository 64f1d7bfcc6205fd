export { exitCodeFor, serviceStatus, summarise } from './summary.js';
export { formatHuman } from './table.js';
export type * from './types.js';
