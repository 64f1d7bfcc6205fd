import { Hono } from 'hono';
import type { RunRequest } from '../runner.js';
import { runHistory, serviceRows } from '../views.js';
import type { ServerDeps } from './deps.js';

/** The JSON API: reads behind `readable`, runs behind `mutating` (see auth.ts). */
export function apiRoutes(deps: ServerDeps): Hono {
  const api = new Hono();
  const read = deps.auth.readable();
  const write = deps.auth.mutating();

  api.get('/status', read, (c) =>
    c.json({
      running: deps.runner.current() ?? null,
      nextRun: deps.nextRun?.()?.toISOString() ?? null,
      checkOnly: deps.checkOnly,
    }),
  );
  api.get('/services', read, (c) => c.json({ services: serviceRows(deps.store) }));
  api.get('/runs', read, (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 50) || 50, 1), 500);
    return c.json({ runs: runHistory(deps.store, limit) });
  });
  api.get('/runs/:id', read, (c) => {
    const run = deps.store.getRun(c.req.param('id'));
    return run ? c.json(run) : c.json({ error: 'no such run' }, 404);
  });

  const start = (request: RunRequest) => {
    return deps.runner.request(request)
      ? { status: 202 as const, body: { started: request.trigger } }
      : { status: 409 as const, body: { error: 'a run is going; try again when it has finished' } };
  };
  api.post('/run', write, (c) => {
    const result = start({ trigger: 'api' });
    return c.json(result.body, result.status);
  });
  api.post('/check', write, (c) => {
    const result = start({ trigger: 'api', checkOnly: true });
    return c.json(result.body, result.status);
  });
  api.post('/services/:id/update', write, (c) => {
    const id = c.req.param('id');
    const known = serviceRows(deps.store).some((row) => row.id === id && row.kind === 'compose');
    if (!known) return c.json({ error: 'no compose service with that ID has been checked' }, 404);
    const result = start({ trigger: 'api', composeIds: [id], checkOnly: false });
    return c.json(result.body, result.status);
  });
  return api;
}
