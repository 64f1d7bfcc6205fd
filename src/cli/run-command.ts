import { type Command, InvalidArgumentError } from 'commander';
import { interruptOnSignals, runGuarded } from '../app/index.js';
import { type ConfigInput, loadConfig } from '../config/index.js';
import { formatHuman } from '../report/index.js';
import { createRunContext } from './context.js';
import { addSafetyFlags, type SafetyFlags, safetyConfig } from './safety-flags.js';

interface RunFlags {
  project?: string[];
  environment?: string[];
  service?: string[];
  excludeService?: string[];
  all?: boolean;
  composeId?: string[];
  image?: string[];
  dokployUrl?: string;
  dockerHost?: string;
  dockerConfig?: string;
  insecureRegistry?: string[];
  config?: string;
  dryRun?: boolean;
  json?: boolean;
  deployTimeout?: number;
  pollInterval?: number;
  logLevel?: ConfigInput['logLevel'];
}

export function addRunCommand(program: Command): void {
  addSafetyFlags(program.command('run'))
    .description('Check the selected services once; pull, redeploy and verify what changed.')
    .option('--project <name>', 'Dokploy project to watch (repeatable)', collect)
    .option('--environment <name>', 'only this environment of the projects (repeatable)', collect)
    .option('--service <name>', 'only this Dokploy service, by name (repeatable)', collect)
    .option('--exclude-service <name>', 'leave this Dokploy service out (repeatable)', collect)
    .option('--all', 'watch every service the API key can see')
    .option('--compose-id <id>', 'Dokploy compose service to watch (repeatable)', collect)
    .option('--image <ref>', 'with one --compose-id: watch only this image (repeatable)', collect)
    .option('--dokploy-url <url>', 'Dokploy URL (env DOKPLOY_URL)')
    .option('--docker-host <host>', 'engine of the Dokploy host (env DOCKER_HOST)')
    .option('--docker-config <dir>', 'folder of docker config.json (env DOCKER_CONFIG)')
    .option('--insecure-registry <host>', 'registry reached over plain HTTP (repeatable)', collect)
    .option('--config <file>', 'YAML or JSON config file (env DOKPLOY_AUTOUPDATE_CONFIG)')
    .option('--dry-run', 'report what would be pulled and redeployed; change nothing')
    .option('--json', 'print the report as JSON on stdout')
    .option('--deploy-timeout <seconds>', 'wait at most this long per deployment', positive)
    .option('--poll-interval <seconds>', 'how often to ask Dokploy about a deployment', positive)
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .addHelpText(
      'after',
      '\nThe API key comes from DOKPLOY_API_KEY or a file named by DOKPLOY_API_KEY_FILE.\n' +
        'Exit codes: 0 all up to date or updated, 1 something failed, ' +
        '2 bad flags or configuration.',
    )
    .action(async (flags: RunFlags & SafetyFlags) => {
      const config = loadConfig({
        flags: {
          projects: flags.project,
          environments: flags.environment,
          services: flags.service,
          excludeServices: flags.excludeService,
          all: flags.all,
          composeIds: flags.composeId,
          images: flags.image,
          dokployUrl: flags.dokployUrl,
          dockerHost: flags.dockerHost,
          dockerConfig: flags.dockerConfig,
          insecureRegistries: flags.insecureRegistry,
          dryRun: flags.dryRun,
          json: flags.json,
          deployTimeoutSeconds: flags.deployTimeout,
          pollSeconds: flags.pollInterval,
          logLevel: flags.logLevel,
          ...safetyConfig(flags),
        },
        env: process.env,
        configFile: flags.config ?? (process.env.DOKPLOY_AUTOUPDATE_CONFIG || undefined),
      });

      const ctx = await createRunContext(config);
      const interrupt = interruptOnSignals();
      const report = await runGuarded({ ...ctx, signal: interrupt.signal }).finally(
        interrupt.dispose,
      );
      process.stdout.write(
        config.json ? `${JSON.stringify(report, null, 2)}\n` : formatHuman(report),
      );
      process.exitCode = report.exitCode;
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a positive number of seconds');
  }
  return number;
}
