/** An API key the stand-in accepts, optionally limited the way Dokploy's key plugin limits it. */
export type ApiKeyOption =
  | string
  | {
      key: string;
      /** Verifications allowed per window; Dokploy's default for API-made keys is 10 a day. */
      rateLimit?: { max: number; windowMs?: number };
    };

export type KeyVerdict = 'valid' | 'missing' | 'invalid' | 'rate-limited';

interface KeyState {
  max?: number;
  windowMs: number;
  windowStart: number;
  count: number;
}

const DAY_MS = 86_400_000;

/**
 * Dokploy verifies the key twice per REST call (once in the API route's gate, once in the tRPC
 * context), and each verification counts against the key's limit. Past the limit the answer is a
 * plain 401, not 429, so a client sees a key that "stopped working".
 */
export class ApiKeyGate {
  private readonly keys = new Map<string, KeyState>();

  constructor(options: ApiKeyOption[]) {
    for (const option of options) {
      const spec = typeof option === 'string' ? { key: option } : option;
      this.keys.set(spec.key, {
        max: spec.rateLimit?.max,
        windowMs: spec.rateLimit?.windowMs ?? DAY_MS,
        windowStart: Date.now(),
        count: 0,
      });
    }
  }

  /** Checks a request's key, counting two verifications as Dokploy does. */
  check(key: string | undefined): KeyVerdict {
    if (key === undefined || key === '') return 'missing';
    const state = this.keys.get(key);
    if (!state) return 'invalid';
    if (!this.verify(state) || !this.verify(state)) return 'rate-limited';
    return 'valid';
  }

  private verify(state: KeyState): boolean {
    if (state.max === undefined) return true;
    const now = Date.now();
    if (now - state.windowStart >= state.windowMs) {
      state.windowStart = now;
      state.count = 0;
    }
    if (state.count >= state.max) return false;
    state.count += 1;
    return true;
  }
}
