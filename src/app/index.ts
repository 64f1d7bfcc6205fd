export type { RunContext } from './context.js';
export { runOnce } from './run.js';
