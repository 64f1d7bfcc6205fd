import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Secrets are registered the moment they are read (API key, registry passwords, tokens) and
 * scrubbed from every log line and error message in one place, whatever field or string they end up
 * in.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would scrub ordinary words out of messages.
  if (value && value.length >= 4) secrets.add(value);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Pretty, human-readable lines; default when stderr is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/** Logs always go to stderr: stdout carries only the report, so `--json | jq` works. */
export function createLogger(options: LoggerOptions = {}): Logger {
  // The single-file bundle has no node_modules for pino-pretty's worker thread: plain JSON there.
  const bundled = process.env.DOKPLOY_AUTOUPDATE_BUNDLED === 'true';
  const pretty = !bundled && (options.pretty ?? Boolean(process.stderr.isTTY));
  const level = options.level ?? 'info';
  const hooks = {
    streamWrite: (line: string) => redactSecrets(line),
  };
  const redact = {
    paths: ['apiKey', '*.apiKey', 'password', '*.password', 'token', '*.token', 'auth', '*.auth'],
    censor: '[redacted]',
  };

  if (pretty) {
    return pino(
      { level, hooks, redact },
      pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true } }),
    );
  }
  return pino({ level, hooks, redact }, options.destination ?? pino.destination(2));
}
