import type { Command } from 'commander';
import { createDokploySetupClient, type InstallProject, SelectionError } from '../dokploy/index.js';
import { createLogger } from '../log/index.js';
import { readBlueprint } from './blueprint.js';
import { dokployAccess } from './dokploy-access.js';
import { exitOnDokployFailure } from './dokploy-failure.js';
import { installCompose, installEnv, SERVICE, urlFromContainer } from './install-compose.js';

interface InstallFlags {
  project: string;
  environment?: string;
  name: string;
  watch?: string[];
  image?: string;
  schedule?: string;
  dokployUrl?: string;
  serviceDokployUrl?: string;
  deploy: boolean;
}

export function addInstallCommand(program: Command): void {
  program
    .command('install')
    .description('Create the service mode (`serve`) as a compose service in your Dokploy.')
    .requiredOption('--project <name>', 'Dokploy project to create the service in')
    .option('--environment <name>', "the project's environment (default: its default one)")
    .option('--name <name>', 'name of the new compose service', SERVICE)
    .option(
      '--watch <project>',
      'project the service keeps up to date (repeatable; default: all)',
      collect,
    )
    .option('--image <ref>', 'image of dokploy-autoupdate to run (env AUTOUPDATE_IMAGE)')
    .option('--schedule <cron>', 'when the service checks (default: daily at 04:00)')
    .option('--dokploy-url <url>', 'Dokploy URL (env DOKPLOY_URL)')
    .option('--service-dokploy-url <url>', 'Dokploy URL as seen from inside the new container')
    .option('--no-deploy', 'create and configure the service, but do not deploy it')
    .addHelpText(
      'after',
      '\nThe API key comes from DOKPLOY_API_KEY or DOKPLOY_API_KEY_FILE; the new service uses it ' +
        'too.\nExit codes: 0 created, 1 Dokploy refused or failed, 2 bad flags or names.',
    )
    .action((flags: InstallFlags) => exitOnDokployFailure(() => install(flags)));
}

async function install(flags: InstallFlags): Promise<void> {
  const access = dokployAccess(flags.dokployUrl);
  const image = flags.image ?? (process.env.AUTOUPDATE_IMAGE || undefined);
  const logger = createLogger({ level: process.env.LOG_LEVEL || 'warn' });
  const dokploy = createDokploySetupClient({ ...access, logger });

  const projects = await dokploy.projects();
  const project = findProject(projects, flags.project);
  checkWatched(projects, flags.watch ?? []);
  const environment = findEnvironment(project, flags.environment);
  if (environment.compose?.some((c) => c.name === flags.name)) {
    throw new SelectionError(
      `${project.name}/${environment.name} already has a compose service named ${flags.name}: ` +
        'pick another --name or remove that one first',
    );
  }

  const settings = {
    watch: flags.watch ?? [],
    dokployUrl: flags.serviceDokployUrl ?? urlFromContainer(access.baseUrl),
    apiKey: access.apiKey,
    ...(image ? { image } : {}),
    ...(flags.schedule ? { schedule: flags.schedule } : {}),
  };
  const created = await dokploy.createCompose({
    name: flags.name,
    description: 'Keeps the services of this Dokploy on fresh images (dokploy-autoupdate serve).',
    environmentId: environment.environmentId,
    composeFile: installCompose(readBlueprint(), settings),
    env: installEnv(settings),
  });
  if (flags.deploy) await dokploy.deployCompose(created.composeId, 'dokploy-autoupdate install');

  const next = flags.deploy
    ? 'Its first deployment is queued.'
    : 'Deploy it from Dokploy when ready.';
  process.stdout.write(
    `Created compose service ${flags.name} in ${project.name}/${environment.name} ` +
      `(composeId ${created.composeId}, app ${created.appName}).\n${next}\n` +
      'Next: add a domain for port 8080 in Dokploy to reach the dashboard; its sign-in token is ' +
      'AUTOUPDATE_API_TOKEN in the Environment tab.\n',
  );
}

function findProject(projects: InstallProject[], name: string): InstallProject {
  const project = projects.find((p) => p.name === name);
  if (project) return project;
  const known = projects.map((p) => p.name).join(', ') || 'none';
  throw new SelectionError(`Dokploy has no project named ${name} (projects: ${known})`);
}

/** A service watching a project that does not exist would fail every run with exit 2. */
function checkWatched(projects: InstallProject[], watch: string[]): void {
  const unknown = watch.filter((name) => !projects.some((p) => p.name === name));
  if (unknown.length === 0) return;
  const known = projects.map((p) => p.name).join(', ') || 'none';
  throw new SelectionError(
    `--watch ${unknown.join(', ')}: Dokploy has no such project (projects: ${known}); ` +
      'names are exact and case-sensitive',
  );
}

function findEnvironment(project: InstallProject, name: string | undefined) {
  const environments = project.environments ?? [];
  if (environments.length === 0) {
    throw new SelectionError(
      `project ${project.name} has no environments: install needs Dokploy v0.25 or later`,
    );
  }
  const found = name
    ? environments.find((e) => e.name === name)
    : (environments.find((e) => e.isDefault) ?? environments[0]);
  if (found) return found;
  const known = environments.map((e) => e.name).join(', ');
  throw new SelectionError(`project ${project.name} has no environment ${name} (has: ${known})`);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
