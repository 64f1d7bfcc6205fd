export type { RunContext } from './context.js';
export { acquireRunLock, RunLockBusyError } from './lock.js';
export { runOnce } from './run.js';
export { type GuardedRunOptions, runGuarded } from './session.js';
export { InterruptedError, interruptOnSignals } from './signals.js';
