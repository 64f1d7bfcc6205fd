/**
 * Politeness toward one host: a cap on requests in flight and reading `Retry-After`. Registries
 * throttle per client address, so a run that checks many images of one registry must not open all
 * its requests at once.
 */

export interface HostLimiter {
  /** Runs `task` once fewer than the limit of tasks for `host` are running. */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

export function createHostLimiter(maxPerHost: number): HostLimiter {
  const limit = Math.max(1, Math.floor(maxPerHost));
  const active = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();

  const release = (host: string) => {
    const next = waiting.get(host)?.shift();
    if (next) return next();
    active.set(host, (active.get(host) ?? 1) - 1);
  };

  return {
    async run(host, task) {
      const running = active.get(host) ?? 0;
      if (running < limit) {
        active.set(host, running + 1);
      } else {
        // The slot passes straight from the finishing task to this one, so `active` stays put.
        await new Promise<void>((resolve) => {
          const queue = waiting.get(host) ?? [];
          queue.push(resolve);
          waiting.set(host, queue);
        });
      }
      try {
        return await task();
      } finally {
        release(host);
      }
    },
  };
}

/**
 * Milliseconds to wait from a `Retry-After` value (delay-seconds or an HTTP date, RFC 9110
 * §10.2.3), or undefined when it is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
