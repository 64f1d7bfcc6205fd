import { DokployError } from '../dokploy/index.js';
import { redactSecrets } from '../log/index.js';

/**
 * Setup commands talk to Dokploy once and stop: an unreachable Dokploy, a refused key or a
 * rejected request is a plain message and exit code 1, not an internal error with a stack.
 */
export async function exitOnDokployFailure(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof DokployError)) throw error;
    process.stderr.write(`dokploy-autoupdate: ${redactSecrets(error.message)}\n`);
    process.exitCode = 1;
  }
}
