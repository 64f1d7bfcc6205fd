export { applyHolds, badDigestKey, type DigestHolds, sightingKey } from './holds.js';
export { judgeImage, planRun, planService } from './plan.js';
export { commandPullsAlways, redeployPullReason } from './pull.js';
export type * from './types.js';
