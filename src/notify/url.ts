import { registerSecret } from '../log/index.js';

/**
 * A notification target, parsed from the Shoutrrr URL syntax Watchtower users already have
 * (`discord://token@id`, `ntfy://host/topic`, …). Parsing happens once at start, so a typo is a
 * configuration error and not a silent failure at 4 a.m.
 */
export type Channel =
  | { kind: 'generic'; url: string }
  | {
      kind: 'ntfy';
      url: string;
      user?: string;
      password?: string;
      priority?: string;
      tags?: string;
    }
  | { kind: 'gotify'; url: string; token: string; priority?: number }
  | { kind: 'discord'; webhookId: string; token: string; username?: string }
  | { kind: 'slack'; path: string; botName?: string }
  | { kind: 'telegram'; token: string; chats: string[] }
  | { kind: 'email'; smtp: SmtpTarget };

export interface SmtpTarget {
  host: string;
  port: number;
  user?: string;
  password?: string;
  from: string;
  to: string[];
  /** `implicit`: TLS from the first byte (port 465); `starttls`: upgrade; `none`: plain. */
  encryption: 'none' | 'starttls' | 'implicit' | 'auto';
  subject?: string;
}

/** A notification URL that cannot be used; the message names the scheme, never the secret. */
export class NotifyUrlError extends Error {
  override name = 'NotifyUrlError';
}

export function parseNotifyUrl(raw: string): Channel {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new NotifyUrlError('a notification URL is not a URL (scheme://…)', { cause: error });
  }
  const scheme = url.protocol.replace(/:$/, '');
  registerSecret(decodeURIComponent(url.password));
  const query = url.searchParams;

  switch (scheme) {
    case 'generic':
    case 'generic+http':
    case 'generic+https':
      return { kind: 'generic', url: genericTarget(url, scheme) };
    case 'ntfy':
      return ntfy(url);
    case 'gotify':
      return gotify(url);
    case 'discord':
      return discord(url);
    case 'slack':
      return slack(url);
    case 'telegram':
      return telegram(url);
    case 'smtp':
      return { kind: 'email', smtp: smtp(url) };
    default:
      throw new NotifyUrlError(
        `notification scheme "${scheme}" is not supported: use generic, ntfy, gotify, discord, ` +
          'slack, telegram or smtp',
      );
  }

  function option(name: string): string | undefined {
    for (const [key, value] of query) if (key.toLowerCase() === name) return value;
    return undefined;
  }

  function plainHttp(): boolean {
    return ['yes', 'true', '1'].includes((option('disabletls') ?? '').toLowerCase());
  }

  function genericTarget(target: URL, kind: string): string {
    const protocol =
      kind === 'generic+http' || (kind === 'generic' && plainHttp()) ? 'http' : 'https';
    const kept = new URLSearchParams(
      [...target.searchParams].filter(([key]) => !['disabletls', 'template'].includes(key)),
    );
    // Webhook URLs often carry their secret in the path or query: long parts are treated as one.
    for (const part of [...target.pathname.split('/'), ...kept.values()]) {
      if (part.length >= 16) registerSecret(part);
    }
    const search = kept.size > 0 ? `?${kept}` : '';
    const auth = target.username ? `${target.username}:${target.password}@` : '';
    return `${protocol}://${auth}${target.host}${target.pathname}${search}`;
  }

  function ntfy(target: URL): Channel {
    const topic = target.pathname.replace(/^\/+/, '');
    if (!topic) throw new NotifyUrlError('ntfy:// needs a topic: ntfy://host/topic');
    const protocol = option('scheme') === 'http' ? 'http' : 'https';
    const channel: Channel = { kind: 'ntfy', url: `${protocol}://${target.host}/${topic}` };
    if (target.username) channel.user = decodeURIComponent(target.username);
    if (target.password) channel.password = decodeURIComponent(target.password);
    const priority = option('priority');
    if (priority) channel.priority = priority;
    const tags = option('tags');
    if (tags) channel.tags = tags;
    return channel;
  }

  function gotify(target: URL): Channel {
    const parts = target.pathname.split('/').filter(Boolean);
    const token = parts.pop();
    if (!token) throw new NotifyUrlError('gotify:// needs an app token: gotify://host/token');
    registerSecret(token);
    const base = parts.length > 0 ? `/${parts.join('/')}` : '';
    const protocol = plainHttp() ? 'http' : 'https';
    const channel: Channel = {
      kind: 'gotify',
      url: `${protocol}://${target.host}${base}/message`,
      token,
    };
    const priority = Number(option('priority'));
    if (Number.isInteger(priority)) channel.priority = priority;
    return channel;
  }

  function discord(target: URL): Channel {
    if (!target.username || !target.hostname) {
      throw new NotifyUrlError('discord:// needs a token and a webhook ID: discord://token@id');
    }
    registerSecret(decodeURIComponent(target.username));
    const channel: Channel = {
      kind: 'discord',
      token: decodeURIComponent(target.username),
      webhookId: target.hostname,
    };
    const username = option('username');
    if (username) channel.username = username;
    return channel;
  }

  function slack(target: URL): Channel {
    // Two spellings: slack://hook:A-B-C@webhook (current) and slack://[bot@]A/B/C (older).
    if (target.username === 'hook' && target.password) {
      const tokens = decodeURIComponent(target.password).split('-');
      if (tokens.length !== 3) throw new NotifyUrlError('slack://hook:… needs a token A-B-C');
      for (const token of tokens) registerSecret(token);
      return { kind: 'slack', path: tokens.join('/') };
    }
    const tokens = [target.hostname, ...target.pathname.split('/').filter(Boolean)];
    if (tokens.length !== 3) {
      throw new NotifyUrlError('slack:// needs a webhook token: slack://hook:A-B-C@webhook');
    }
    for (const token of tokens) registerSecret(token);
    const channel: Channel = { kind: 'slack', path: tokens.join('/') };
    if (target.username) channel.botName = decodeURIComponent(target.username);
    return channel;
  }

  function telegram(target: URL): Channel {
    const token = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    registerSecret(token);
    const chats = (option('chats') ?? option('channels') ?? '').split(',').filter(Boolean);
    if (!target.password || chats.length === 0) {
      throw new NotifyUrlError(
        'telegram:// needs a bot token and chats: telegram://token@telegram?chats=@c',
      );
    }
    return { kind: 'telegram', token, chats };
  }

  function smtp(target: URL): SmtpTarget {
    const from = option('fromaddress') ?? option('from');
    const to = (option('toaddresses') ?? option('to') ?? '').split(',').filter(Boolean);
    if (!target.hostname || !from || to.length === 0) {
      throw new NotifyUrlError('smtp:// needs a host, from and to: smtp://host:587/?from=a&to=b');
    }
    const mode = (option('encryption') ?? 'auto').toLowerCase();
    const encryption =
      mode === 'none'
        ? 'none'
        : mode === 'explicittls'
          ? 'starttls'
          : mode === 'implicittls'
            ? 'implicit'
            : 'auto';
    const result: SmtpTarget = {
      host: target.hostname,
      port: Number(target.port || 25),
      from,
      to,
      encryption,
    };
    if (target.username) result.user = decodeURIComponent(target.username);
    if (target.password) result.password = decodeURIComponent(target.password);
    const subject = option('subject');
    if (subject) result.subject = subject;
    return result;
  }
}
