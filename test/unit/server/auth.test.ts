import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/index.js';
import { deps, fakeRunner, storeWithOneRun, TOKEN } from './fixtures.js';

let cleanup = () => {};
afterEach(() => cleanup());

function app(options: Parameters<typeof deps>[1]) {
  const state = storeWithOneRun();
  cleanup = state.cleanup;
  return createApp(deps(state.store, options));
}

const bearer = { authorization: `Bearer ${TOKEN}` };

describe('HTTP authentication', () => {
  it('on a non-loopback address, everything but /healthz needs the token', async () => {
    const server = app({ openReads: false, token: TOKEN });

    expect((await server.request('/healthz')).status).toBe(200);
    expect((await server.request('/api/services')).status).toBe(401);
    expect((await server.request('/api/runs')).status).toBe(401);
    expect((await server.request('/metrics')).status).toBe(401);
    const page = await server.request('/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login');
    expect((await server.request('/api/services', { headers: bearer })).status).toBe(200);
  });

  it('with reads opened, reads answer and runs still need the token', async () => {
    const server = app({ openReads: true, token: TOKEN });

    const services = await server.request('/api/services');
    const run = await server.request('/api/run', { method: 'POST' });

    expect(services.status).toBe(200);
    expect(await services.json()).toMatchObject({
      services: [{ name: 'shop', status: 'updated' }],
    });
    expect(run.status).toBe(401);
  });

  it('without a configured token, mutating endpoints are off', async () => {
    const server = app({ openReads: true });

    const run = await server.request('/api/run', { method: 'POST', headers: bearer });

    expect(run.status).toBe(403);
  });

  it('a bearer token starts a run; a busy runner answers 409', async () => {
    const state = storeWithOneRun();
    cleanup = state.cleanup;
    const idle = fakeRunner(true);
    const busy = fakeRunner(false);

    const started = await createApp(
      deps(state.store, { openReads: false, token: TOKEN, runner: idle }),
    ).request('/api/check', { method: 'POST', headers: bearer });
    const refused = await createApp(
      deps(state.store, { openReads: false, token: TOKEN, runner: busy }),
    ).request('/api/run', { method: 'POST', headers: bearer });

    expect(started.status).toBe(202);
    expect(await started.json()).toEqual({ started: 'api' });
    expect(idle.requests).toEqual([{ trigger: 'api', checkOnly: true }]);
    expect(refused.status).toBe(409);
  });

  it('sign-in sets an HttpOnly SameSite=Strict cookie; buttons need its CSRF token', async () => {
    const state = storeWithOneRun();
    cleanup = state.cleanup;
    const runner = fakeRunner();
    const server = createApp(deps(state.store, { openReads: false, token: TOKEN, runner }));
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

    const wrong = await server.request('/login', form({ token: 'nope' }));
    const login = await server.request('/login', form({ token: TOKEN }));
    const setCookie = login.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    const page = await (await server.request('/', { headers: { cookie } })).text();
    const csrf = page.match(/name="csrf" value="([^"]+)"/)?.[1] ?? '';
    const withCookie = (init: RequestInit) => ({
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie },
    });
    const forged = await server.request('/ui/run', withCookie(form({})));
    const pressed = await server.request('/ui/run', withCookie(form({ csrf })));

    expect(wrong.status).toBe(401);
    expect(login.status).toBe(303);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(csrf).not.toBe('');
    expect(forged.status).toBe(403);
    expect(pressed.status).toBe(303);
    expect(runner.requests).toEqual([{ trigger: 'api' }]);
  });
});
