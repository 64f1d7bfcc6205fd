import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { ServerDeps } from '../http/deps.js';
import { serviceRows } from '../views.js';
import { eventMovesImage } from './match.js';
import { type PushEvent, parsePushEvents } from './payloads.js';

// Registries retry on errors, and a push sends a few events: bodies past this size are not ours.
const MAX_BODY = 1024 * 1024;

/**
 * `POST /hooks/registry` (secret in `Authorization: Bearer`, `X-Webhook-Secret` or GitHub's HMAC
 * signature) and `POST /hooks/registry/:secret` for senders that cannot add headers (Docker Hub).
 * Answers quickly: the check runs in the background through the same runner as scheduled runs.
 */
export function hookRoutes(deps: ServerDeps): Hono {
  const hooks = new Hono();
  const seen = new RecentIds(500);
  const handle = async (c: Context, pathSecret?: string) => {
    const secret = deps.webhookSecret;
    if (!secret) return c.json({ error: 'webhooks are off: configure a webhook secret' }, 404);
    const raw = await c.req.text();
    if (raw.length > MAX_BODY) return c.json({ error: 'payload too large' }, 413);
    if (!authorised(c, raw, secret, pathSecret)) return c.json({ error: 'wrong secret' }, 401);

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return c.json({ error: 'body is not JSON' }, 400);
    }
    // distribution retries a delivery it thinks failed; the same event needs no second check.
    const events = parsePushEvents(body).filter((e) => !e.id || seen.add(e.id));
    const matched = servicesMovedBy(deps, events);
    const log = deps.logger.child({ module: 'webhook' });
    if (matched.length === 0) {
      log.debug({ events: events.length }, 'push event for no watched image: ignored');
      return c.json({ events: events.length, services: [] });
    }
    log.info({ services: matched, events: events.map(describe) }, 'push event: checking');
    deps.runner.request({ trigger: 'webhook', composeIds: matched });
    return c.json({ events: events.length, services: matched }, 202);
  };
  hooks.post('/registry', (c) => handle(c));
  hooks.post('/registry/:secret', (c) => handle(c, c.req.param('secret')));
  return hooks;
}

function servicesMovedBy(deps: ServerDeps, events: PushEvent[]): string[] {
  const ids = new Set<string>();
  for (const row of serviceRows(deps.store)) {
    if (row.kind !== 'compose') continue;
    const moved = row.images.some((image) => events.some((e) => eventMovesImage(e, image.image)));
    if (moved) ids.add(row.id);
  }
  return [...ids];
}

function authorised(c: Context, raw: string, secret: string, pathSecret?: string): boolean {
  if (pathSecret !== undefined) return same(pathSecret, secret);
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer) return same(bearer.trim(), secret);
  const header = c.req.header('x-webhook-secret');
  if (header) return same(header, secret);
  // GitHub signs the body with the secret instead of sending it.
  const signature = c.req.header('x-hub-signature-256');
  if (signature) {
    const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    return same(signature, expected);
  }
  return false;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function describe(event: PushEvent): string {
  return `${event.registry ?? '?'}/${event.repository}:${event.tag ?? event.digest ?? '?'}`;
}

/** Remembers the last `size` IDs; `add` says whether the ID was new. */
class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly size: number) {}

  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.size) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}
