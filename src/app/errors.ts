import type { Deployment } from '../dokploy/index.js';
import { redactSecrets } from '../log/index.js';

/** One line for a report or a log field, with any registered secret scrubbed out. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(message);
}

/** Why a finished deployment did not succeed, in the words the report and the logs use. */
export function deploymentFailure(row: Pick<Deployment, 'status' | 'errorMessage'>): string {
  return `deployment ${row.status}${row.errorMessage ? `: ${row.errorMessage}` : ''}`;
}
