import type { Logger } from '../log/index.js';
import { registerSecret } from '../log/index.js';
import {
  type ApplicationDetail,
  ApplicationDetailSchema,
  type ComposeDetail,
  ComposeDetailSchema,
  ConvertedComposeSchema,
  type Deployment,
  DeploymentListSchema,
  MutationResultSchema,
  ProjectListSchema,
  type ProjectSummary,
  type Server,
  ServerListSchema,
  VersionSchema,
} from './schemas.js';
import { createTransport } from './transport.js';

export interface DokployClientOptions {
  /** Dokploy's address, e.g. `http://localhost:3000`; `/api` is added unless already there. */
  baseUrl: string;
  apiKey: string;
  logger: Logger;
  /** Per-call deadline; 30 s by default. */
  timeoutMs?: number;
}

/**
 * One client per run. Dokploy keys can be rate limited (and answer 401 when they are), so the
 * client caches what does not change within a run: the version, the project list, and each
 * service's definition. Deployment lists are never cached: they are what a wait polls.
 */
export interface DokployClient {
  version(): Promise<string>;
  projects(): Promise<ProjectSummary[]>;
  compose(composeId: string): Promise<ComposeDetail>;
  convertedCompose(composeId: string): Promise<string>;
  application(applicationId: string): Promise<ApplicationDetail>;
  /** Remote servers, to find the SSH address of a service's `serverId`. */
  servers(): Promise<Server[]>;
  /** Reuses the existing checkout; queues a job and returns before it starts. */
  redeployCompose(composeId: string, title: string, description?: string): Promise<void>;
  /** Re-clones git sources; queues a job and returns before it starts. */
  deployCompose(composeId: string, title: string, description?: string): Promise<void>;
  /** Pulls the image, then force-updates the swarm service. */
  deployApplication(applicationId: string, title?: string, description?: string): Promise<void>;
  composeDeployments(composeId: string): Promise<Deployment[]>;
  applicationDeployments(applicationId: string): Promise<Deployment[]>;
  /** HTTP calls made so far, failed ones included. */
  callCount(): number;
}

export function createDokployClient(options: DokployClientOptions): DokployClient {
  const logger = options.logger.child({ module: 'dokploy' });
  const transport = createTransport({ ...options, logger });
  const cache = new Map<string, Promise<unknown>>();

  // Caches the promise, so concurrent callers share one call; a failure is forgotten for a retry.
  function once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit) return hit as Promise<T>;
    const pending = load();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    return pending;
  }

  return {
    version: () =>
      once('version', () => transport.query('settings.getDokployVersion', VersionSchema)),
    projects: () => once('projects', () => transport.query('project.all', ProjectListSchema)),
    compose: (composeId) =>
      once(`compose:${composeId}`, () =>
        transport.query('compose.one', ComposeDetailSchema, { composeId }),
      ),
    convertedCompose: (composeId) =>
      once(`converted:${composeId}`, () =>
        transport.query('compose.getConvertedCompose', ConvertedComposeSchema, { composeId }),
      ),
    application: (applicationId) =>
      once(`application:${applicationId}`, async () => {
        const app = await transport.query('application.one', ApplicationDetailSchema, {
          applicationId,
        });
        registerSecret(app.password ?? undefined);
        registerSecret(app.registry?.password ?? undefined);
        return app;
      }),
    servers: () => once('servers', () => transport.query('server.all', ServerListSchema)),
    async redeployCompose(composeId, title, description) {
      await transport.mutate('compose.redeploy', MutationResultSchema, {
        composeId,
        title,
        description,
      });
    },
    async deployCompose(composeId, title, description) {
      await transport.mutate('compose.deploy', MutationResultSchema, {
        composeId,
        title,
        description,
      });
    },
    async deployApplication(applicationId, title, description) {
      await transport.mutate('application.deploy', MutationResultSchema, {
        applicationId,
        title,
        description,
      });
    },
    composeDeployments: (composeId) =>
      transport.query('deployment.allByCompose', DeploymentListSchema, { composeId }),
    applicationDeployments: (applicationId) =>
      transport.query('deployment.all', DeploymentListSchema, { applicationId }),
    callCount: () => transport.callCount(),
  };
}
