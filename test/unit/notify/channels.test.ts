import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/index.js';
import { createNotifier } from '../../../src/notify/index.js';
import { runReport, service } from './fixtures.js';
import { Receiver } from './receiver.js';

const logger = createLogger({ level: 'silent', pretty: false });
const report = runReport([service()]);
let receiver: Receiver;

beforeAll(async () => {
  receiver = await Receiver.start();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.status = 200;
});

function notifier(url: string) {
  const base = receiver.url;
  return createNotifier({
    urls: [url],
    logger,
    dashboardUrl: 'http://dash.local/',
    endpoints: { discord: base, slack: base, telegram: base },
  });
}

describe('each channel sends one request of the shape its service expects', () => {
  it('generic webhook: the whole message as JSON, with basic auth from the URL', async () => {
    const results = await notifier(`generic+http://u:s3cret@${receiver.host}/in?k=v`).notifyRun(
      report,
    );

    expect(results).toEqual([{ channel: 'generic', ok: true }]);
    const request = receiver.requests[0];
    expect(request?.path).toBe('/in?k=v');
    expect(request?.headers.authorization).toBe(`Basic ${btoa('u:s3cret')}`);
    expect(receiver.json()).toMatchObject({ level: 'success', changes: [{ outcome: 'updated' }] });
  });

  it('ntfy: text body, encoded title and priority in headers', async () => {
    await notifier(`ntfy://${receiver.host}/updates?scheme=http&priority=5`).notifyRun(report);

    const request = receiver.requests[0];
    expect(request?.path).toBe('/updates');
    expect(request?.body).toContain('registry.example/shop/web:2.1');
    expect(request?.headers.priority).toBe('5');
    expect(request?.headers.click).toBe('http://dash.local/');
    const title = String(request?.headers.title).match(/^=\?UTF-8\?B\?(.*)\?=$/)?.[1] ?? '';
    expect(Buffer.from(title, 'base64').toString()).toBe('dokploy-autoupdate: 1 updated');
  });

  it('gotify: token header, JSON title/message/priority', async () => {
    await notifier(`gotify://${receiver.host}/AppTokenXYZ?disabletls=yes`).notifyRun(report);

    const request = receiver.requests[0];
    expect(request?.path).toBe('/message');
    expect(request?.headers['x-gotify-key']).toBe('AppTokenXYZ');
    expect(receiver.json()).toMatchObject({ title: 'dokploy-autoupdate: 1 updated', priority: 4 });
  });

  it('discord: an embed posted to the webhook of the id and token', async () => {
    await notifier('discord://tok-en@987654').notifyRun(report);

    expect(receiver.requests[0]?.path).toBe('/api/webhooks/987654/tok-en');
    const embed = (receiver.json().embeds as Array<Record<string, unknown>>)[0];
    expect(embed).toMatchObject({
      title: 'dokploy-autoupdate: 1 updated',
      url: 'http://dash.local/',
    });
    expect(String(embed?.description)).toContain('bbbbbbbbbbbb');
  });

  it('slack: text posted to the incoming-webhook path', async () => {
    await notifier('slack://hook:T000-B000-XXXX@webhook').notifyRun(report);

    expect(receiver.requests[0]?.path).toBe('/services/T000/B000/XXXX');
    expect(String(receiver.json().text)).toContain('*dokploy-autoupdate: 1 updated*');
  });

  it('telegram: one sendMessage per chat', async () => {
    await notifier('telegram://123:ABC@telegram?chats=@ops,-42').notifyRun(report);

    expect(receiver.requests.map((r) => r.path)).toEqual([
      '/bot123:ABC/sendMessage',
      '/bot123:ABC/sendMessage',
    ]);
    expect(receiver.json(1)).toMatchObject({ chat_id: '-42' });
  });

  it('a channel that answers 500 is reported and logged, never thrown', async () => {
    receiver.status = 500;

    const results = await notifier(`generic+http://${receiver.host}/in`).notifyRun(report);

    expect(results[0]).toMatchObject({ channel: 'generic', ok: false });
    expect(results[0]?.error).toContain('500');
  });

  it('an unreachable channel does not stop the others', async () => {
    const both = createNotifier({
      urls: ['generic+http://127.0.0.1:1/in', `generic+http://${receiver.host}/ok`],
      logger,
    });

    const results = await both.notifyRun(report);

    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('email through a local SMTP server', () => {
  it('delivers one plain-text mail with the subject and the change, after AUTH', async () => {
    const mails: Array<{ from: string; to: string[]; data: string; user?: string }> = [];
    const smtp = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'bot' && auth.password === 'mail-pass')
          callback(null, { user: 'bot' });
        else callback(new Error('bad credentials'));
      },
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => {
          data += chunk.toString();
        });
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
            user: session.user as string | undefined,
          });
          callback();
        });
      },
    });
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
    const port = (smtp.server.address() as AddressInfo).port;

    try {
      const results = await notifier(
        `smtp://bot:mail-pass@127.0.0.1:${port}/?from=upd@x.org&to=ops@x.org&encryption=None`,
      ).notifyRun(report);

      expect(results).toEqual([{ channel: 'email', ok: true }]);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ from: 'upd@x.org', to: ['ops@x.org'], user: 'bot' });
      expect(mails[0]?.data).toContain('Subject: dokploy-autoupdate: 1 updated');
      expect(mails[0]?.data).toContain('registry.example/shop/web:2.1');
    } finally {
      await new Promise<void>((done) => smtp.close(() => done()));
    }
  });
});
