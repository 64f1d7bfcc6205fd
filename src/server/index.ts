export { eventMovesImage } from './hooks/match.js';
export { type PushEvent, parsePushEvents } from './hooks/payloads.js';
export { createApp } from './http/app.js';
export { Auth } from './http/auth.js';
export type { ServerDeps } from './http/deps.js';
export { createMetrics, type ServeMetrics } from './metrics.js';
export {
  isLoopback,
  type ServeOptions,
  type ServeOptionsInput,
  serveOptionsSchema,
} from './options.js';
export { type CurrentRun, Runner, type RunnerDeps, type RunRequest } from './runner.js';
export { ScheduleError, startSchedule, validatePattern } from './schedule.js';
export { findSelf, type SelfService } from './self.js';
export { type RunningService, type ServiceParts, startService } from './service.js';
