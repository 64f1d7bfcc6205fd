import { describe, expect, it } from 'vitest';
import { NotifyUrlError, parseNotifyUrl } from '../../../src/notify/index.js';

describe('Shoutrrr notification URLs', () => {
  it.each([
    ['discord://tok3n@123456', { kind: 'discord', token: 'tok3n', webhookId: '123456' }],
    ['slack://hook:AAA-BBB-CCC@webhook', { kind: 'slack', path: 'AAA/BBB/CCC' }],
    ['slack://bot@AAA/BBB/CCC', { kind: 'slack', path: 'AAA/BBB/CCC', botName: 'bot' }],
    [
      'telegram://110201543:AAHdq@telegram?chats=@news,-1001',
      { kind: 'telegram', token: '110201543:AAHdq', chats: ['@news', '-1001'] },
    ],
    [
      'gotify://push.example:8443/sub/Atoken?priority=2',
      {
        kind: 'gotify',
        url: 'https://push.example:8443/sub/message',
        token: 'Atoken',
        priority: 2,
      },
    ],
    ['ntfy://ntfy.sh/updates', { kind: 'ntfy', url: 'https://ntfy.sh/updates' }],
    [
      'ntfy://u:p@127.0.0.1:8080/t?scheme=http',
      { kind: 'ntfy', url: 'http://127.0.0.1:8080/t', user: 'u', password: 'p' },
    ],
    ['generic://hooks.example/in?x=1', { kind: 'generic', url: 'https://hooks.example/in?x=1' }],
    ['generic+http://127.0.0.1:9/in', { kind: 'generic', url: 'http://127.0.0.1:9/in' }],
    ['generic://h:1/in?disabletls=yes', { kind: 'generic', url: 'http://h:1/in' }],
  ])('%s', (raw, expected) => {
    expect(parseNotifyUrl(raw)).toEqual(expected);
  });

  it('reads smtp options the Shoutrrr way', () => {
    const channel = parseNotifyUrl(
      'smtp://me:pw@mail.example:587/?from=a@x.org&to=b@x.org,c@x.org&encryption=ExplicitTLS',
    );

    expect(channel).toEqual({
      kind: 'email',
      smtp: {
        host: 'mail.example',
        port: 587,
        user: 'me',
        password: 'pw',
        from: 'a@x.org',
        to: ['b@x.org', 'c@x.org'],
        encryption: 'starttls',
      },
    });
  });

  it.each([
    'pushover://x@y',
    'not a url',
    'ntfy://host',
    'discord://123',
    'telegram://a:b@telegram',
    'smtp://host:25/?from=a@x',
    'slack://only/two',
  ])('rejects %s with a message', (raw) => {
    expect(() => parseNotifyUrl(raw)).toThrow(NotifyUrlError);
  });
});
