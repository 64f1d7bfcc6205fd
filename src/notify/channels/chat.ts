import type { NotificationMessage } from '../message.js';
import type { Channel } from '../url.js';
import { postJson } from './post.js';

type Of<K extends Channel['kind']> = Extract<Channel, { kind: K }>;

/** Where the hosted chat services live; tests point these at local receivers. */
export interface ChatEndpoints {
  discord: string;
  slack: string;
  telegram: string;
}

export const defaultEndpoints: ChatEndpoints = {
  discord: 'https://discord.com',
  slack: 'https://hooks.slack.com',
  telegram: 'https://api.telegram.org',
};

const COLOURS = { success: 0x2e7d32, warning: 0xf9a825, failure: 0xc62828 } as const;

// Discord rejects embeds whose description is over 4096 characters.
const DISCORD_LIMIT = 4000;

export function sendDiscord(
  channel: Of<'discord'>,
  message: NotificationMessage,
  endpoints: ChatEndpoints,
  timeoutMs: number,
) {
  const url = `${endpoints.discord}/api/webhooks/${channel.webhookId}/${channel.token}`;
  const embed: Record<string, unknown> = {
    title: message.title,
    description: message.text.slice(0, DISCORD_LIMIT),
    color: COLOURS[message.level],
  };
  if (message.dashboardUrl) embed.url = message.dashboardUrl;
  const payload: Record<string, unknown> = { embeds: [embed] };
  if (channel.username) payload.username = channel.username;
  return postJson(url, payload, { timeoutMs });
}

export function sendSlack(
  channel: Of<'slack'>,
  message: NotificationMessage,
  endpoints: ChatEndpoints,
  timeoutMs: number,
) {
  const payload: Record<string, unknown> = { text: `*${message.title}*\n${message.text}` };
  if (channel.botName) payload.username = channel.botName;
  return postJson(`${endpoints.slack}/services/${channel.path}`, payload, { timeoutMs });
}

// Telegram refuses messages longer than 4096 characters.
const TELEGRAM_LIMIT = 4000;

/** One sendMessage per chat; the first chat that fails stops the rest and is reported. */
export async function sendTelegram(
  channel: Of<'telegram'>,
  message: NotificationMessage,
  endpoints: ChatEndpoints,
  timeoutMs: number,
) {
  const url = `${endpoints.telegram}/bot${channel.token}/sendMessage`;
  const text = `${message.title}\n\n${message.text}`.slice(0, TELEGRAM_LIMIT);
  for (const chat of channel.chats) {
    await postJson(url, { chat_id: chat, text, disable_web_page_preview: true }, { timeoutMs });
  }
}
