import type { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { checkDokploy } from './doctor-dokploy.js';
import { checkCredentials, checkEngine } from './doctor-engine.js';
import { checkRegistries } from './doctor-registries.js';
import { type Finding, formatFindings } from './doctor-report.js';
import { dokployAccess } from './dokploy-access.js';

interface DoctorFlags {
  project?: string[];
  dokployUrl?: string;
  dockerHost?: string;
  dockerConfig?: string;
  insecureRegistry?: string[];
}

export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check Dokploy, the key, the Docker engine, credentials and registries; say how to fix.',
    )
    .option('--project <name>', 'also check this project and its images only (repeatable)', collect)
    .option('--dokploy-url <url>', 'Dokploy URL (env DOKPLOY_URL)')
    .option('--docker-host <host>', 'engine of the Dokploy host (env DOCKER_HOST)')
    .option('--docker-config <dir>', 'folder of docker config.json (env DOCKER_CONFIG)')
    .option('--insecure-registry <host>', 'registry reached over plain HTTP (repeatable)', collect)
    .addHelpText('after', '\nExit codes: 0 every check passed, 1 something needs fixing.')
    .action(async (flags: DoctorFlags) => {
      const findings: Finding[] = [];
      const settings = {
        dockerHost: flags.dockerHost ?? (process.env.DOCKER_HOST || undefined),
        dockerConfig: flags.dockerConfig ?? (process.env.DOCKER_CONFIG || undefined),
        insecureRegistries: flags.insecureRegistry ?? [],
      };
      let appNames: string[] | undefined;
      let keyedCalls = 0;
      try {
        const access = dokployAccess(flags.dokployUrl);
        const logger = createLogger({ level: process.env.LOG_LEVEL || 'silent' });
        const dokploy = await checkDokploy(access, flags.project ?? [], logger);
        findings.push(...dokploy.findings);
        keyedCalls = dokploy.keyedCalls;
        if (flags.project?.length) appNames = dokploy.appNames;
      } catch (error) {
        // A missing URL or key is one finding among others: the engine checks still run.
        if (!(error instanceof ConfigError)) throw error;
        const fix = 'Set DOKPLOY_URL and DOKPLOY_API_KEY (or DOKPLOY_API_KEY_FILE).';
        findings.push({ check: 'Dokploy', ok: false, detail: error.message, fix });
      }

      const docker = await checkEngine(settings, findings);
      checkCredentials(settings, findings);
      if (docker) await checkRegistries(docker, settings, appNames, findings);

      process.stdout.write(formatFindings(findings));
      process.stdout.write(`Doctor made ${keyedCalls} Dokploy API call(s) with this key.\n`);
      process.exitCode = findings.every((f) => f.ok) ? 0 : 1;
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
