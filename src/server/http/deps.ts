import type { Logger } from '../../log/index.js';
import type { StateStore } from '../../state/index.js';
import type { ServeMetrics } from '../metrics.js';
import type { Runner } from '../runner.js';
import type { Auth } from './auth.js';

/** What the HTTP layer works with; the serve command builds it, tests build their own. */
export interface ServerDeps {
  runner: Runner;
  store: StateStore;
  metrics: ServeMetrics;
  auth: Auth;
  logger: Logger;
  webhookSecret?: string;
  nextRun?: () => Date | null;
  checkOnly: boolean;
}
