import { z } from 'zod';

// The secrets come mostly from the environment, so the message names the variables to fix.
function tooShort(variable: string, key: string): string {
  return (
    `must be at least 16 characters: set ${variable} (or ${variable}_FILE, or serve.${key} ` +
    'in the config file) to a longer random value, e.g. from `openssl rand -hex 24`'
  );
}

/**
 * Options of `serve` only; the run itself is configured by the one run schema (src/config). The
 * config file holds these under a `serve:` mapping, beside the run options.
 */
export const serveOptionsSchema = z
  .object({
    schedule: z
      .string()
      .default('0 4 * * *')
      .describe('Cron expression, 5 fields or 6 with seconds first. Default: daily at 04:00.'),
    timeZone: z.string().optional().describe('IANA time zone of the schedule; default: the host.'),
    jitterSeconds: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(0)
      .describe('Wait a random 0..N seconds before a scheduled run.'),
    checkOnly: z.boolean().default(false).describe('Find and report updates; apply none.'),
    checkOnlyServices: z
      .array(z.string().min(1))
      .default([])
      .describe('Services (name, app name or compose ID) that are only checked, never updated.'),
    runAtStart: z.boolean().default(true).describe('Check once right after start.'),
    host: z.string().default('127.0.0.1').describe('Address the HTTP server binds to.'),
    port: z.number().int().min(0).max(65_535).default(8080).describe('HTTP port.'),
    apiToken: z
      .string()
      .min(16, tooShort('AUTOUPDATE_API_TOKEN', 'apiToken'))
      .optional()
      .describe('Bearer token for the API and dashboard sign-in. Env: AUTOUPDATE_API_TOKEN.'),
    publicReadOnly: z
      .boolean()
      .default(false)
      .describe('On a non-loopback address, serve read-only pages and API without a token.'),
    webhookSecret: z
      .string()
      .min(16, tooShort('AUTOUPDATE_WEBHOOK_SECRET', 'webhookSecret'))
      .optional()
      .describe('Secret of the registry webhook endpoint. Env: AUTOUPDATE_WEBHOOK_SECRET.'),
    notify: z
      .array(z.string().min(1))
      .default([])
      .describe('Shoutrrr-style notification URLs. Env: AUTOUPDATE_NOTIFY (space separated).'),
    notifyOnAvailable: z
      .boolean()
      .default(false)
      .describe('Also notify when updates are only available (check-only).'),
    dashboardUrl: z.url().optional().describe('Public URL of the dashboard, linked in messages.'),
    updateSelf: z
      .boolean()
      .default(false)
      .describe("Update the updater's own service too, last, after the run's report is stored."),
    shutdownSeconds: z
      .number()
      .positive()
      .max(3600)
      .default(30)
      .describe('On SIGTERM, wait at most this long for the current run before abandoning it.'),
  })
  .strict();

export type ServeOptions = z.output<typeof serveOptionsSchema>;
export type ServeOptionsInput = z.input<typeof serveOptionsSchema>;

/** Loopback addresses need no token for read-only endpoints; anything else does. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
