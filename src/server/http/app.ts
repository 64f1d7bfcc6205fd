import { Hono } from 'hono';
import { hookRoutes } from '../hooks/route.js';
import { apiRoutes } from './api.js';
import type { ServerDeps } from './deps.js';
import { uiRoutes } from './ui.js';

/** The whole HTTP surface as one Hono app, so tests call `app.request()` without a socket. */
export function createApp(deps: ServerDeps): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    // The dashboard needs no framing, no outside scripts and no referrer leaking its address.
    c.header('x-frame-options', 'DENY');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  app.get('/healthz', (c) => c.json({ ok: true, running: deps.runner.current() !== undefined }));
  app.get('/metrics', deps.auth.readable(), async (c) => {
    const body = await deps.metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': deps.metrics.registry.contentType });
  });
  app.route('/api', apiRoutes(deps));
  app.route('/hooks', hookRoutes(deps));
  app.route('/', uiRoutes(deps));

  app.onError((error, c) => {
    deps.logger.error({ module: 'server', err: error.message }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
