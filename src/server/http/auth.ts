import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'dau_session';
const SESSION_HOURS = 12;

export interface Session {
  csrf: string;
  expires: number;
}

export interface AuthOptions {
  apiToken?: string;
  /** Read-only endpoints need no credentials (loopback bind, or opened by the user). */
  openReads: boolean;
  now?: () => number;
}

/**
 * Bearer token for scripts, a session cookie for the dashboard. Sessions live in memory: a restart
 * signs everyone out, which is acceptable for a single-operator tool and keeps no secret on disk.
 */
export class Auth {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: AuthOptions) {}

  get mutationsEnabled(): boolean {
    return this.options.apiToken !== undefined;
  }

  tokenMatches(candidate: string | undefined): boolean {
    const token = this.options.apiToken;
    if (!token || !candidate) return false;
    // Hash both sides so the comparison is constant-time whatever the lengths.
    const a = createHash('sha256').update(candidate).digest();
    const b = createHash('sha256').update(token).digest();
    return timingSafeEqual(a, b);
  }

  createSession(): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url');
    const session = {
      csrf: randomBytes(24).toString('base64url'),
      expires: this.now() + SESSION_HOURS * 3_600_000,
    };
    this.sessions.set(id, session);
    return { id, session };
  }

  endSession(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  session(c: Context): Session | undefined {
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? this.sessions.get(id) : undefined;
    if (!session || !id) return undefined;
    if (session.expires < this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  bearer(c: Context): boolean {
    const header = c.req.header('authorization') ?? '';
    const match = header.match(/^Bearer\s+(.+)$/i);
    return this.tokenMatches(match?.[1]?.trim());
  }

  /** Read endpoints: open when allowed, else a bearer token or a dashboard session. */
  readable(): MiddlewareHandler {
    return async (c, next) => {
      if (this.options.openReads || this.bearer(c) || this.session(c)) return next();
      if (acceptsHtml(c)) return c.redirect('/login', 303);
      return c.json({ error: 'authentication required: send Authorization: Bearer <token>' }, 401);
    };
  }

  /**
   * Mutating endpoints: off without a configured token. A bearer token is enough (browsers never
   * attach one by themselves); a cookie session must also present its CSRF token.
   */
  mutating(): MiddlewareHandler {
    return async (c, next) => {
      if (!this.mutationsEnabled) {
        return c.json({ error: 'mutating endpoints are off: configure an API token' }, 403);
      }
      if (this.bearer(c)) return next();
      const session = this.session(c);
      if (!session) return c.json({ error: 'authentication required' }, 401);
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const sent = c.req.header('x-csrf-token') ?? form.csrf;
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrf)) {
        return c.json({ error: 'missing or wrong CSRF token' }, 403);
      }
      return next();
    };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function acceptsHtml(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}
