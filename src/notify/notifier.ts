import type { Logger } from '../log/index.js';
import { redactSecrets } from '../log/index.js';
import type { RunReport } from '../report/index.js';
import {
  type ChatEndpoints,
  defaultEndpoints,
  sendDiscord,
  sendSlack,
  sendTelegram,
} from './channels/chat.js';
import { sendEmail } from './channels/email.js';
import { sendGeneric, sendGotify, sendNtfy } from './channels/web.js';
import { buildMessage, type NotificationMessage } from './message.js';
import { type Channel, parseNotifyUrl } from './url.js';

export interface NotifierOptions {
  urls: string[];
  logger: Logger;
  onAvailable?: boolean;
  dashboardUrl?: string;
  timeoutMs?: number;
  /** Only tests change these: where Discord, Slack and Telegram are reached. */
  endpoints?: Partial<ChatEndpoints>;
}

export interface DeliveryResult {
  channel: Channel['kind'];
  ok: boolean;
  error?: string;
}

export interface Notifier {
  readonly channels: ReadonlyArray<Channel['kind']>;
  /** Sends the run's one message to every channel; never throws, a failure is logged. */
  notifyRun(report: RunReport): Promise<DeliveryResult[]>;
}

/** Parses every URL up front (a bad one throws `NotifyUrlError` at start-up). */
export function createNotifier(options: NotifierOptions): Notifier {
  const channels = options.urls.map(parseNotifyUrl);
  const endpoints = { ...defaultEndpoints, ...options.endpoints };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const log = options.logger.child({ module: 'notify' });

  const deliver = (channel: Channel, message: NotificationMessage): Promise<void> => {
    switch (channel.kind) {
      case 'generic':
        return sendGeneric(channel, message, timeoutMs);
      case 'ntfy':
        return sendNtfy(channel, message, timeoutMs);
      case 'gotify':
        return sendGotify(channel, message, timeoutMs);
      case 'discord':
        return sendDiscord(channel, message, endpoints, timeoutMs);
      case 'slack':
        return sendSlack(channel, message, endpoints, timeoutMs);
      case 'telegram':
        return sendTelegram(channel, message, endpoints, timeoutMs);
      case 'email':
        return sendEmail(channel.smtp, message, timeoutMs);
    }
  };

  return {
    channels: channels.map((c) => c.kind),
    async notifyRun(report) {
      const message = buildMessage(report, {
        onAvailable: options.onAvailable ?? false,
        ...(options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {}),
      });
      if (!message || channels.length === 0) return [];

      return Promise.all(
        channels.map(async (channel): Promise<DeliveryResult> => {
          try {
            await deliver(channel, message);
            log.info({ channel: channel.kind }, 'notification sent');
            return { channel: channel.kind, ok: true };
          } catch (error) {
            const reason = redactSecrets(error instanceof Error ? error.message : String(error));
            log.warn({ channel: channel.kind, err: reason }, 'notification failed');
            return { channel: channel.kind, ok: false, error: reason };
          }
        }),
      );
    },
  };
}
