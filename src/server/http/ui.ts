import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { loginPage } from '../dashboard/login.js';
import { dashboardPage } from '../dashboard/page.js';
import type { RunRequest } from '../runner.js';
import { runHistory, serviceRows } from '../views.js';
import { SESSION_COOKIE } from './auth.js';
import type { ServerDeps } from './deps.js';

/** The dashboard, its sign-in, and the form posts behind its buttons (which redirect back). */
export function uiRoutes(deps: ServerDeps): Hono {
  const ui = new Hono();
  const { auth } = deps;

  ui.get('/', auth.readable(), (c) => {
    const running = deps.runner.current();
    const next = deps.nextRun?.();
    const csrf = auth.session(c)?.csrf;
    const notice = c.req.query('notice');
    return c.html(
      dashboardPage({
        services: serviceRows(deps.store),
        runs: runHistory(deps.store, 30),
        checkOnly: deps.checkOnly,
        canSignIn: auth.mutationsEnabled,
        ...(running ? { running } : {}),
        ...(next ? { nextRun: next.toISOString() } : {}),
        ...(csrf ? { csrf } : {}),
        ...(notice ? { notice: notice.slice(0, 120) } : {}),
      }),
    );
  });

  ui.get('/login', (c) => c.html(loginPage()));
  ui.post('/login', async (c) => {
    const form = await c.req.parseBody();
    if (!auth.tokenMatches(typeof form.token === 'string' ? form.token : undefined)) {
      deps.logger.warn({ module: 'server' }, 'dashboard sign-in with a wrong token');
      return c.html(loginPage('That is not the API token.'), 401);
    }
    const { id } = auth.createSession();
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c),
      maxAge: 12 * 3600,
    });
    return c.redirect('/', 303);
  });
  ui.post('/logout', auth.mutating(), (c) => {
    auth.endSession(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  const start = (c: Context, request: RunRequest, what: string) => {
    const notice = deps.runner.request(request)
      ? `${what} started`
      : 'A run is going: try again when it has finished';
    return c.redirect(`/?notice=${encodeURIComponent(notice)}`, 303);
  };
  ui.post('/ui/check', auth.mutating(), (c) =>
    start(c, { trigger: 'api', checkOnly: true }, 'Check'),
  );
  ui.post('/ui/run', auth.mutating(), (c) => start(c, { trigger: 'api' }, 'Run'));
  ui.post('/ui/services/:id/update', auth.mutating(), (c) =>
    start(c, { trigger: 'api', composeIds: [c.req.param('id')], checkOnly: false }, 'Update'),
  );
  return ui;
}

// Behind Dokploy's Traefik the TLS ends at the proxy, which says so in X-Forwarded-Proto.
function isHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto') === 'https' || c.req.url.startsWith('https:');
}
