/**
 * SIGTERM or SIGINT aborts the returned signal: the run finishes or abandons the step under way
 * (a deployment already queued in Dokploy goes on without us), records it and exits non-zero.
 * A second signal exits at once; the lock and store survive that by design.
 */
export function interruptOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(128 + (name === 'SIGINT' ? 2 : 15));
    process.stderr.write(`dokploy-autoupdate: ${name}: stopping after the current step\n`);
    controller.abort(new InterruptedError(name));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

export class InterruptedError extends Error {
  override name = 'InterruptedError';

  constructor(readonly signalName: string) {
    super(signalName);
  }
}
