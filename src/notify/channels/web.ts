import type { NotificationMessage } from '../message.js';
import type { Channel } from '../url.js';
import { post, postJson } from './post.js';

type Of<K extends Channel['kind']> = Extract<Channel, { kind: K }>;

/** The generic webhook gets the whole message as JSON: title, text, level and every change. */
export function sendGeneric(
  channel: Of<'generic'>,
  message: NotificationMessage,
  timeoutMs: number,
) {
  const url = new URL(channel.url);
  const headers: Record<string, string> = {};
  if (url.username) {
    const user = decodeURIComponent(url.username);
    const basic = Buffer.from(`${user}:${decodeURIComponent(url.password)}`).toString('base64');
    headers.authorization = `Basic ${basic}`;
    url.username = '';
    url.password = '';
  }
  return postJson(url.toString(), message, { headers, timeoutMs });
}

const NTFY_PRIORITY = { success: '3', warning: '3', failure: '4' } as const;

/** ntfy: the body is the text; title, priority and tags travel in headers. */
export function sendNtfy(channel: Of<'ntfy'>, message: NotificationMessage, timeoutMs: number) {
  const headers: Record<string, string> = {
    // Header values must be Latin-1; ntfy documents RFC 2047 encoding for anything else.
    title: `=?UTF-8?B?${Buffer.from(message.title).toString('base64')}?=`,
    priority: channel.priority ?? NTFY_PRIORITY[message.level],
    tags: channel.tags ?? (message.level === 'failure' ? 'warning' : 'whale'),
  };
  if (message.dashboardUrl) headers.click = message.dashboardUrl;
  if (channel.user) {
    const basic = Buffer.from(`${channel.user}:${channel.password ?? ''}`).toString('base64');
    headers.authorization = `Basic ${basic}`;
  }
  return post(channel.url, message.text, 'text/plain; charset=utf-8', { headers, timeoutMs });
}

const GOTIFY_PRIORITY = { success: 4, warning: 4, failure: 8 } as const;

/** Gotify: the app token goes in a header rather than the query, so proxies do not log it. */
export function sendGotify(channel: Of<'gotify'>, message: NotificationMessage, timeoutMs: number) {
  return postJson(
    channel.url,
    {
      title: message.title,
      message: message.text,
      priority: channel.priority ?? GOTIFY_PRIORITY[message.level],
    },
    { headers: { 'x-gotify-key': channel.token }, timeoutMs },
  );
}
