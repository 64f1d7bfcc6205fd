export { judgeImage, planRun, planService } from './plan.js';
export type * from './types.js';
