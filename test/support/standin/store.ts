import {
  APPLICATION_DEFAULTS,
  COMPOSE_DEFAULTS,
  DEPLOYMENT_DEFAULTS,
  type ENVIRONMENT_DEFAULTS,
  type PROJECT_DEFAULTS,
} from './fixtures.js';
import { newAppName, newId, nowIso, withAppNameSuffix } from './ids.js';

export type ProjectRow = typeof PROJECT_DEFAULTS & {
  projectId: string;
  name: string;
  createdAt: string;
};

export type EnvironmentRow = typeof ENVIRONMENT_DEFAULTS & {
  environmentId: string;
  name: string;
  createdAt: string;
  projectId: string;
};

export type ComposeRow = Omit<typeof COMPOSE_DEFAULTS, 'sourceType' | 'composeType'> & {
  composeId: string;
  name: string;
  appName: string;
  sourceType: string;
  composeType: string;
  composeStatus: string;
  environmentId: string;
  createdAt: string;
  [column: string]: unknown;
};

export type ApplicationRow = Omit<typeof APPLICATION_DEFAULTS, 'sourceType'> & {
  applicationId: string;
  name: string;
  appName: string;
  sourceType: string;
  applicationStatus: string;
  environmentId: string;
  createdAt: string;
  [column: string]: unknown;
};

export type DeploymentStatus = 'running' | 'done' | 'error' | 'cancelled';

export type DeploymentRow = typeof DEPLOYMENT_DEFAULTS & {
  deploymentId: string;
  title: string;
  description: string;
  status: DeploymentStatus;
  logPath: string;
  applicationId: string | null;
  composeId: string | null;
  createdAt: string;
  startedAt: string;
  finishedAt: string | null;
};

/** `server.all` rows: a remote host Dokploy deploys to over SSH. */
export interface ServerRow {
  serverId: string;
  name: string;
  description: string | null;
  ipAddress: string;
  port: number;
  username: string;
  appName: string;
  enableDockerCleanup: boolean;
  createdAt: string;
  organizationId: string;
  serverStatus: 'active' | 'inactive';
  sshKeyId: string | null;
}

/** Dokploy keeps only the newest rows of each service. */
export const DEPLOYMENTS_KEPT = 10;

/**
 * The stand-in's whole database, in memory. Tests may read it and seed it directly; the HTTP
 * procedures go through the same methods.
 */
export class StandInState {
  readonly organizationId = newId();
  readonly projects = new Map<string, ProjectRow>();
  readonly environments = new Map<string, EnvironmentRow>();
  readonly composes = new Map<string, ComposeRow>();
  readonly applications = new Map<string, ApplicationRow>();
  readonly servers = new Map<string, ServerRow>();
  /**
   * The engine deploys for each server run on (`DOCKER_HOST` form). Dokploy reaches a server
   * over SSH; the stand-in talks to that server's engine directly, which has the same effect.
   */
  readonly serverEngines = new Map<string, string>();
  /** Oldest first, as Dokploy stores them. */
  readonly deployments: DeploymentRow[] = [];

  addProject(input: { name: string; description?: string | null; env?: string }): {
    project: ProjectRow;
    environment: EnvironmentRow;
  } {
    const project: ProjectRow = {
      projectId: newId(),
      name: input.name,
      description: input.description ?? null,
      createdAt: nowIso(),
      organizationId: this.organizationId,
      env: input.env ?? '',
    };
    this.projects.set(project.projectId, project);
    const environment = this.addEnvironment({
      projectId: project.projectId,
      name: 'production',
      description: 'Production environment',
      isDefault: true,
    });
    return { project, environment };
  }

  addEnvironment(input: {
    projectId: string;
    name: string;
    description?: string;
    env?: string;
    isDefault?: boolean;
  }): EnvironmentRow {
    const environment: EnvironmentRow = {
      environmentId: newId(),
      name: input.name,
      description: input.description ?? '',
      createdAt: nowIso(),
      env: input.env ?? '',
      projectId: input.projectId,
      isDefault: input.isDefault ?? false,
    };
    this.environments.set(environment.environmentId, environment);
    return environment;
  }

  addServer(input: {
    name: string;
    ipAddress: string;
    port: number;
    username?: string;
    dockerHost: string;
  }): ServerRow {
    const server: ServerRow = {
      serverId: newId(),
      name: input.name,
      description: null,
      ipAddress: input.ipAddress,
      port: input.port,
      username: input.username ?? 'root',
      appName: `server-${newId().slice(0, 6).toLowerCase()}`,
      enableDockerCleanup: false,
      createdAt: nowIso(),
      organizationId: this.organizationId,
      serverStatus: 'active',
      sshKeyId: null,
    };
    this.servers.set(server.serverId, server);
    this.serverEngines.set(server.serverId, input.dockerHost);
    return server;
  }

  addCompose(input: Partial<ComposeRow> & { name: string; environmentId: string }): ComposeRow {
    const { appName, ...rest } = input;
    const compose: ComposeRow = {
      composeId: newId(),
      appName: appName ? withAppNameSuffix(appName) : newAppName('compose'),
      ...COMPOSE_DEFAULTS,
      refreshToken: newId(),
      createdAt: nowIso(),
      ...rest,
    };
    this.composes.set(compose.composeId, compose);
    return compose;
  }

  addApplication(
    input: Partial<ApplicationRow> & { name: string; environmentId: string },
  ): ApplicationRow {
    const { appName, ...rest } = input;
    const application: ApplicationRow = {
      applicationId: newId(),
      appName: appName ? withAppNameSuffix(appName) : newAppName('app'),
      ...APPLICATION_DEFAULTS,
      refreshToken: newId(),
      createdAt: nowIso(),
      ...rest,
    };
    this.applications.set(application.applicationId, application);
    return application;
  }

  addDeployment(
    owner: { composeId: string } | { applicationId: string },
    fields: { title: string; description: string; logPath: string },
  ): DeploymentRow {
    const now = nowIso();
    const row: DeploymentRow = {
      deploymentId: newId(),
      title: fields.title,
      description: fields.description,
      status: 'running',
      logPath: fields.logPath,
      ...DEPLOYMENT_DEFAULTS,
      applicationId: 'applicationId' in owner ? owner.applicationId : null,
      composeId: 'composeId' in owner ? owner.composeId : null,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
    };
    this.deployments.push(row);
    this.pruneDeployments(row);
    return row;
  }

  /** Rows of one service, oldest first. */
  deploymentsOf(owner: { composeId?: string; applicationId?: string }): DeploymentRow[] {
    return this.deployments.filter((row) =>
      owner.composeId !== undefined
        ? row.composeId === owner.composeId
        : row.applicationId === owner.applicationId,
    );
  }

  finishDeployment(row: DeploymentRow, outcome: { error?: string }): void {
    row.status = outcome.error === undefined ? 'done' : 'error';
    row.errorMessage = outcome.error ?? null;
    row.finishedAt = nowIso();
  }

  private pruneDeployments(latest: DeploymentRow): void {
    const owner =
      latest.composeId !== null
        ? { composeId: latest.composeId }
        : { applicationId: latest.applicationId ?? '' };
    const rows = this.deploymentsOf(owner);
    for (const stale of rows.slice(0, Math.max(0, rows.length - DEPLOYMENTS_KEPT))) {
      this.deployments.splice(this.deployments.indexOf(stale), 1);
    }
  }
}
