import { redactSecrets } from '../log/index.js';

/** One line for a report or a log field, with any registered secret scrubbed out. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(message);
}
