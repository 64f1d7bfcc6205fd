import type { DokployClient } from './client.js';
import { DokployNotFoundError, DokployResponseError, SelectionError } from './errors.js';
import type { ApplicationDetail, ComposeDetail } from './schemas.js';
import { type Selection, type ServiceRef, selectServices } from './selection.js';

/** A compose service to watch, with everything the later steps need from Dokploy. */
export interface ComposeTarget {
  kind: 'compose';
  composeId: string;
  name: string;
  /** The compose project name (`-p`), or the stack name for `stack`. */
  appName: string;
  /** `docker-compose` | `stack`. */
  composeType: string;
  /** `raw` | `git` | `github` | `gitlab` | `bitbucket` | `gitea`. */
  sourceType: string;
  /** The stored file text; the source of truth only for `raw` sources. */
  composeFile: string;
  composePath: string;
  /** KEY=VALUE lines, with `${{project.X}}` / `${{environment.X}}` references unresolved. */
  env: string;
  projectName: string;
  /** null on Dokploy before v0.25. */
  environmentName: string | null;
  projectEnv: string;
  environmentEnv: string;
  /** null: the Dokploy host itself. */
  serverId: string | null;
  /** A custom command replacing Dokploy's default; '' for the default. */
  command: string;
}

/** An application Dokploy runs from a registry image, as the swarm service `appName`. */
export interface ApplicationTarget {
  kind: 'application';
  applicationId: string;
  name: string;
  /** The swarm service name. */
  appName: string;
  /** The image as typed in Dokploy, e.g. `ghcr.io/me/app:latest`. */
  dockerImage: string;
  /** The login Dokploy holds for this image (its password is registered as a secret). */
  registryLogin?: { registryUrl: string; username: string; password: string };
  projectName: string;
  environmentName: string | null;
  serverId: string | null;
}

/** Every kind of target the run can act on. */
export type Target = ComposeTarget | ApplicationTarget;

/** A selected service that no registry image drives: reported, never acted on. */
export interface NotApplicable {
  service: ServiceRef;
  reason: string;
}

/** A selected service whose details could not be read; the run reports it and goes on. */
export interface DiscoveryFailure {
  service: ServiceRef;
  error: Error;
}

export interface Discovery {
  /** Set only when asked for, to spare rate-limited keys a call. */
  version?: string;
  targets: Target[];
  /** Databases and applications built from source, so the report can name them. */
  notApplicable: NotApplicable[];
  failures: DiscoveryFailure[];
}

export interface DiscoverOptions {
  includeVersion?: boolean;
}

/**
 * Turns the selection into targets: `project.all` once (skipped when only compose IDs are given),
 * then `compose.one` once per compose service.
 */
export async function discoverTargets(
  client: DokployClient,
  selection: Selection,
  options: DiscoverOptions = {},
): Promise<Discovery> {
  const composeIds = selection.composeIds ?? [];
  if (!selection.all && selection.projects.length === 0 && composeIds.length === 0) {
    throw new SelectionError('Nothing selected: pass --project NAME, --all or --compose-id ID.');
  }

  const version = options.includeVersion ? await readVersion(client) : undefined;
  const byProject =
    selection.all || selection.projects.length > 0
      ? selectServices(await client.projects(), selection)
      : [];
  const discovery: Discovery = { targets: [], notApplicable: [], failures: [] };
  if (version !== undefined) discovery.version = version;

  for (const service of byProject) {
    if (service.kind === 'database') {
      const reason = 'a Dokploy database: its image is chosen and updated in Dokploy itself';
      discovery.notApplicable.push({ service, reason });
      continue;
    }
    try {
      if (service.kind === 'compose') {
        discovery.targets.push(toComposeTarget(await client.compose(service.id), service));
        continue;
      }
      const app = await client.application(service.id);
      if (app.sourceType === 'docker' && app.dockerImage) {
        discovery.targets.push(toApplicationTarget(app, service));
      } else {
        const { sourceType } = app;
        const reason = `built by Dokploy from source (${sourceType}): no registry image to follow`;
        discovery.notApplicable.push({ service, reason });
      }
    } catch (error) {
      // One service deleted meanwhile or in an odd shape must not hide the others.
      if (!(error instanceof DokployNotFoundError || error instanceof DokployResponseError))
        throw error;
      discovery.failures.push({ service, error });
    }
  }

  const seen = new Set(discovery.targets.map((t) => (t.kind === 'compose' ? t.composeId : '')));
  for (const composeId of composeIds) {
    if (seen.has(composeId)) continue;
    seen.add(composeId);
    discovery.targets.push(toComposeTarget(await composeById(client, composeId)));
  }
  return discovery;
}

async function readVersion(client: DokployClient): Promise<string | undefined> {
  try {
    return await client.version();
  } catch (error) {
    // Very old Dokploy has no such procedure; the version is only informative.
    if (error instanceof DokployNotFoundError) return undefined;
    throw error;
  }
}

async function composeById(client: DokployClient, composeId: string): Promise<ComposeDetail> {
  try {
    return await client.compose(composeId);
  } catch (error) {
    if (!(error instanceof DokployNotFoundError)) throw error;
    throw new SelectionError(
      `Dokploy has no compose service with ID "${composeId}" (--compose-id). ` +
        'Copy the ID from the service URL in Dokploy, or select by --project instead.',
      { cause: error },
    );
  }
}

function toComposeTarget(detail: ComposeDetail, listed?: ServiceRef): ComposeTarget {
  const environment = detail.environment;
  const project = environment?.project ?? detail.project;
  return {
    kind: 'compose',
    composeId: detail.composeId,
    name: detail.name,
    appName: detail.appName,
    composeType: detail.composeType,
    sourceType: detail.sourceType,
    composeFile: detail.composeFile,
    composePath: detail.composePath,
    env: detail.env,
    projectName: project?.name ?? listed?.projectName ?? '',
    environmentName: environment?.name ?? listed?.environmentName ?? null,
    projectEnv: project?.env ?? '',
    environmentEnv: environment?.env ?? '',
    serverId: detail.serverId,
    command: detail.command,
  };
}

function toApplicationTarget(detail: ApplicationDetail, listed: ServiceRef): ApplicationTarget {
  const target: ApplicationTarget = {
    kind: 'application',
    applicationId: detail.applicationId,
    name: detail.name,
    appName: detail.appName,
    dockerImage: detail.dockerImage ?? '',
    projectName: detail.environment?.project.name ?? listed.projectName,
    environmentName: detail.environment?.name ?? listed.environmentName,
    serverId: detail.serverId,
  };
  // The login typed on the application wins; a linked registry row is Dokploy's newer form.
  const login =
    detail.username && detail.password
      ? { url: detail.registryUrl, username: detail.username, password: detail.password }
      : detail.registry?.username && detail.registry.password
        ? {
            url: detail.registry.registryUrl,
            username: detail.registry.username,
            password: detail.registry.password,
          }
        : undefined;
  if (login) {
    target.registryLogin = {
      registryUrl: login.url ?? '',
      username: login.username,
      password: login.password,
    };
  }
  return target;
}
