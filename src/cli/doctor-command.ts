import type { Command } from 'commander';
import { createLogger, registerSecret } from '../log/index.js';
import { type DoctorConfig, type DoctorFlags, loadDoctorConfig } from './doctor-config.js';
import { checkCredentials } from './doctor-credentials.js';
import { checkDokploy, type DokployFacts } from './doctor-dokploy.js';
import { checkEngine } from './doctor-engine.js';
import { checkRegistries } from './doctor-registries.js';
import { type Finding, formatFindings } from './doctor-report.js';

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
    .option('--config <file>', 'YAML or JSON config file (env DOKPLOY_AUTOUPDATE_CONFIG)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (silent)')
    .addHelpText(
      'after',
      '\nReads the same config file, environment and flags as `run`.\n' +
        'Exit codes: 0 every check passed, 1 something needs fixing, 2 bad flags or configuration.',
    )
    .action(async (flags: DoctorFlags) => {
      const config = loadDoctorConfig(flags);
      const findings: Finding[] = [];
      const dokploy = await dokployFindings(config, findings);

      const docker = await checkEngine(config.dockerHost, findings);
      const credentials = await checkCredentials(config.dockerConfig, findings);
      if (docker && config.projects.length > 0 && !dokploy?.listed) {
        // Without the projects' services there is no telling which containers are theirs.
        findings.push({
          check: 'registries',
          ok: false,
          detail: 'not checked: Dokploy did not list the services of the named projects',
          fix: 'Fix the Dokploy findings above, then run doctor again.',
        });
      } else if (docker) {
        const appNames = config.projects.length > 0 ? dokploy?.appNames : undefined;
        const settings = { credentials, insecureRegistries: config.insecureRegistries };
        await checkRegistries(docker, settings, appNames, findings);
      }

      process.stdout.write(formatFindings(findings));
      const calls = dokploy?.keyedCalls ?? 0;
      process.stdout.write(`Doctor made ${calls} Dokploy API call(s) with this key.\n`);
      process.exitCode = findings.every((f) => f.ok) ? 0 : 1;
    });
}

/** A missing URL or key is one finding among others: the engine checks still run. */
async function dokployFindings(
  config: DoctorConfig,
  findings: Finding[],
): Promise<DokployFacts | undefined> {
  const missing = [
    config.dokployUrl ? undefined : 'the Dokploy URL (--dokploy-url, DOKPLOY_URL or dokployUrl)',
    config.dokployApiKey ? undefined : 'the API key (DOKPLOY_API_KEY or DOKPLOY_API_KEY_FILE)',
  ].filter((text) => text !== undefined);
  if (!config.dokployUrl || !config.dokployApiKey) {
    findings.push({
      check: 'Dokploy',
      ok: false,
      detail: `not checked, missing ${missing.join(' and ')}`,
      fix:
        'Set DOKPLOY_URL and DOKPLOY_API_KEY (or DOKPLOY_API_KEY_FILE), or dokployUrl in the ' +
        'config file; create the key in Dokploy under Settings → Profile → API/CLI.',
    });
    return undefined;
  }
  registerSecret(config.dokployApiKey);
  const access = { baseUrl: config.dokployUrl, apiKey: config.dokployApiKey };
  const logger = createLogger({ level: config.logLevel ?? 'silent' });
  const facts = await checkDokploy(access, config.projects, logger);
  findings.push(...facts.findings);
  return facts;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
