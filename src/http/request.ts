/**
 * Outbound HTTP for every client (Dokploy, registries, notifications): one place for timeouts and
 * for turning network failures into an error class that callers can treat as "try again later".
 */

export interface HttpRequestInit extends Omit<RequestInit, 'signal'> {
  /** Whole-request deadline; a hung registry must not hang a run. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The host did not answer (refused, DNS, TLS, timeout): not a finding about the thing asked
 * for.
 */
export class HttpUnavailableError extends Error {
  override name = 'HttpUnavailableError';

  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${new URL(url).host} did not answer: ${reason}`, options);
  }
}

export async function httpRequest(url: string, init: HttpRequestInit = {}): Promise<Response> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, signal, ...rest } = init;
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;

  try {
    return await fetch(url, { ...rest, signal: combined });
  } catch (error) {
    if (deadline.aborted) {
      throw new HttpUnavailableError(url, `no answer within ${timeoutMs} ms`, { cause: error });
    }
    if (signal?.aborted) throw error;
    throw new HttpUnavailableError(url, describeNetworkError(error), { cause: error });
  }
}

// fetch() hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
