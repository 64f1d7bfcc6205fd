import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type ConfigInput, loadConfig } from '../config/index.js';
import { connectEngine } from '../docker/index.js';
import { createLogger, registerSecret } from '../log/index.js';
import { NotifyUrlError, parseNotifyUrl } from '../notify/index.js';
import {
  findSelf,
  ScheduleError,
  type ServeOptionsInput,
  serveOptionsSchema,
  startService,
  validatePattern,
} from '../server/index.js';
import { createRunContext } from './context.js';
import { addSafetyFlags, type SafetyFlags, safetyConfig } from './safety-flags.js';

interface ServeFlags extends SafetyFlags {
  project?: string[];
  environment?: string[];
  service?: string[];
  excludeService?: string[];
  all?: boolean;
  composeId?: string[];
  dokployUrl?: string;
  dockerHost?: string;
  dockerConfig?: string;
  insecureRegistry?: string[];
  config?: string;
  logLevel?: ConfigInput['logLevel'];
  schedule?: string;
  timeZone?: string;
  jitter?: number;
  checkOnly?: boolean;
  checkOnlyService?: string[];
  runAtStart?: boolean;
  host?: string;
  port?: number;
  publicReadOnly?: boolean;
  notify?: string[];
  notifyOnAvailable?: boolean;
  dashboardUrl?: string;
  updateSelf?: boolean;
}

export function addServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .description('Run on a schedule, with a dashboard, an API, metrics and registry webhooks.')
    .option('--project <name>', 'Dokploy project to watch (repeatable)', collect)
    .option('--compose-id <id>', 'Dokploy compose service to watch (repeatable)', collect)
    .option('--environment <name>', 'only this environment of the projects (repeatable)', collect)
    .option('--service <name>', 'only this Dokploy service (repeatable)', collect)
    .option('--exclude-service <name>', 'leave this Dokploy service out (repeatable)', collect)
    .option('--all', 'watch every service the API key can see')
    .option('--dokploy-url <url>', 'Dokploy URL (env DOKPLOY_URL)')
    .option('--docker-host <host>', 'engine of the Dokploy host (env DOCKER_HOST)')
    .option('--docker-config <dir>', 'folder of docker config.json (env DOCKER_CONFIG)')
    .option('--insecure-registry <host>', 'registry reached over plain HTTP (repeatable)', collect)
    .option('--config <file>', 'YAML or JSON config file (env DOKPLOY_AUTOUPDATE_CONFIG)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--schedule <cron>', 'cron expression, 5 fields or 6 with seconds (env SCHEDULE)')
    .option('--time-zone <tz>', 'IANA time zone of the schedule (env TZ)')
    .option('--jitter <seconds>', 'random delay of 0..N seconds before a scheduled run', whole)
    .option('--check-only', 'find and report updates, apply none')
    .option('--check-only-service <name>', 'only check this service (repeatable)', collect)
    .option('--no-run-at-start', 'wait for the schedule instead of checking at start')
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080)', whole)
    .option('--public-read-only', 'on a non-loopback address, serve reads without a token')
    .option('--notify <url>', 'Shoutrrr-style notification URL (repeatable)', collect)
    .option('--notify-on-available', 'also notify when updates are only available')
    .option('--dashboard-url <url>', 'public dashboard URL, linked in notifications')
    .option('--update-self', "update this tool's own service too, last")
    .addHelpText(
      'after',
      '\nSecrets come from the environment (or *_FILE): AUTOUPDATE_API_TOKEN enables the\n' +
        'buttons and POST endpoints, AUTOUPDATE_WEBHOOK_SECRET the registry webhook endpoint.',
    );
  // After --rollback, so that leaving both out keeps the value undefined (see below).
  addSafetyFlags(command)
    .option('--no-rollback', 'do not restore the previous image when the new one fails')
    .action(async (flags: ServeFlags) => {
      const configFile = flags.config ?? (process.env.DOKPLOY_AUTOUPDATE_CONFIG || undefined);
      const file = configFile ? readFileConfig(configFile) : {};
      const config = loadConfig({
        flags: {
          ...safetyConfig(flags),
          // Unattended, a failed update is rolled back unless the user said otherwise.
          rollback: flags.rollback ?? (file.rollback === undefined ? true : undefined),
          projects: flags.project,
          environments: flags.environment,
          services: flags.service,
          excludeServices: flags.excludeService,
          all: flags.all,
          composeIds: flags.composeId,
          dokployUrl: flags.dokployUrl,
          dockerHost: flags.dockerHost,
          dockerConfig: flags.dockerConfig,
          insecureRegistries: flags.insecureRegistry,
          logLevel: flags.logLevel,
        },
        env: process.env,
        configFile,
      });
      const options = parseServeOptions({
        ...(file.serve ?? {}),
        ...fromEnv(),
        ...fromFlags(flags),
      });
      registerSecret(options.apiToken);
      registerSecret(options.webhookSecret);

      const logger = createLogger({ level: config.logLevel });
      const self = await findSelf(connectEngine(config.dockerHost).docker);
      const service = await startService({
        config,
        options,
        logger,
        createContext: (c) => createRunContext(c),
        ...(self ? { self } : {}),
      });

      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          logger.info({ signal }, 'shutting down');
          service.stop().then((outcome) => {
            process.exitCode = outcome === 'abandoned' ? 1 : 0;
            resolve();
          });
        };
        process.once('SIGTERM', () => shutdown('SIGTERM'));
        process.once('SIGINT', () => shutdown('SIGINT'));
      });
    });
}

function parseServeOptions(input: ServeOptionsInput) {
  const result = serveOptionsSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || 'serve'}: ${i.message}`);
    throw new ConfigError(`invalid serve options:\n  ${lines.join('\n  ')}`);
  }
  try {
    validatePattern(result.data.schedule, result.data.timeZone);
    // Parsing every notification URL now turns a typo into exit 2 instead of a silent channel.
    for (const url of result.data.notify) parseNotifyUrl(url);
  } catch (error) {
    if (error instanceof ScheduleError || error instanceof NotifyUrlError) {
      throw new ConfigError(error.message, { cause: error });
    }
    throw error;
  }
  return result.data;
}

// loadConfig reads and checks the same file first, so here it is known to be a readable mapping.
function readFileConfig(file: string): { serve?: ServeOptionsInput; rollback?: unknown } {
  try {
    return (parseYaml(readFileSync(file, 'utf8')) as Record<string, never> | null) ?? {};
  } catch {
    return {};
  }
}

function fromEnv(): ServeOptionsInput {
  const env = process.env;
  const out: ServeOptionsInput = {};
  const token = env.AUTOUPDATE_API_TOKEN || fileValue(env.AUTOUPDATE_API_TOKEN_FILE);
  if (token) out.apiToken = token;
  const secret = env.AUTOUPDATE_WEBHOOK_SECRET || fileValue(env.AUTOUPDATE_WEBHOOK_SECRET_FILE);
  if (secret) out.webhookSecret = secret;
  const notify = env.AUTOUPDATE_NOTIFY || fileValue(env.AUTOUPDATE_NOTIFY_FILE);
  if (notify) out.notify = notify.split(/\s+/).filter(Boolean);
  if (env.SCHEDULE) out.schedule = env.SCHEDULE;
  return out;
}

function fromFlags(flags: ServeFlags): ServeOptionsInput {
  const out: Record<string, unknown> = {
    schedule: flags.schedule,
    timeZone: flags.timeZone,
    jitterSeconds: flags.jitter,
    checkOnly: flags.checkOnly,
    checkOnlyServices: flags.checkOnlyService,
    runAtStart: flags.runAtStart === false ? false : undefined,
    host: flags.host,
    port: flags.port,
    publicReadOnly: flags.publicReadOnly,
    notify: flags.notify,
    notifyOnAvailable: flags.notifyOnAvailable,
    dashboardUrl: flags.dashboardUrl,
    updateSelf: flags.updateSelf,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

// Mounted secrets end with a newline that is not part of them.
function fileValue(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`${path} cannot be read`, { cause: error });
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function whole(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError('must be a whole number');
  return number;
}
