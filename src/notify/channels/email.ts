import { createTransport } from 'nodemailer';
import type { NotificationMessage } from '../message.js';
import type { SmtpTarget } from '../url.js';

/** One email per run through the configured SMTP server, plain text. */
export async function sendEmail(
  smtp: SmtpTarget,
  message: NotificationMessage,
  timeoutMs: number,
): Promise<void> {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.encryption === 'implicit',
    // "auto" upgrades when the server offers STARTTLS; "starttls" insists; "none" never tries.
    requireTLS: smtp.encryption === 'starttls',
    ignoreTLS: smtp.encryption === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({
      from: smtp.from,
      to: smtp.to,
      subject: smtp.subject ?? message.title,
      text: message.text,
    });
  } finally {
    transport.close();
  }
}
