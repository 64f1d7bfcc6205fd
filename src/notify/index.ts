export type { ChatEndpoints } from './channels/chat.js';
export { buildMessage, type ChangeLine, type NotificationMessage } from './message.js';
export {
  createNotifier,
  type DeliveryResult,
  type Notifier,
  type NotifierOptions,
} from './notifier.js';
export { type Channel, NotifyUrlError, parseNotifyUrl, type SmtpTarget } from './url.js';
