import { z } from 'zod';
import type { Logger } from '../log/index.js';
import { createTransport } from './transport.js';

/**
 * The few procedures `install` needs to create a compose service, kept apart from the run's
 * client: a run never creates anything in Dokploy. Shapes follow the recordings of v0.30.2
 * (060 project.create/070 project.all, 120 compose.create, 130 compose.update, 150 compose.deploy).
 */
const InstallEnvironmentSchema = z.looseObject({
  environmentId: z.string(),
  name: z.string(),
  isDefault: z.boolean().nullish(),
  compose: z.array(z.looseObject({ composeId: z.string(), name: z.string() })).nullish(),
});

const InstallProjectSchema = z.looseObject({
  projectId: z.string(),
  name: z.string(),
  // Missing before v0.25, where compose services hung off the project itself.
  environments: z.array(InstallEnvironmentSchema).nullish(),
});

export type InstallProject = z.infer<typeof InstallProjectSchema>;
export type InstallEnvironment = z.infer<typeof InstallEnvironmentSchema>;

const CreatedComposeSchema = z.looseObject({ composeId: z.string(), appName: z.string() });
export type CreatedCompose = z.infer<typeof CreatedComposeSchema>;

const AnySchema = z.unknown();

export interface ComposeSetup {
  name: string;
  description: string;
  environmentId: string;
  composeFile: string;
  /** KEY=VALUE lines; Dokploy writes them to the service's .env file. */
  env: string;
}

export interface DokploySetupClient {
  version(): Promise<string>;
  projects(): Promise<InstallProject[]>;
  createCompose(setup: ComposeSetup): Promise<CreatedCompose>;
  deployCompose(composeId: string, title: string): Promise<void>;
  callCount(): number;
}

export function createDokploySetupClient(options: {
  baseUrl: string;
  apiKey: string;
  logger: Logger;
}): DokploySetupClient {
  const transport = createTransport({
    ...options,
    logger: options.logger.child({ module: 'dokploy' }),
  });
  return {
    version: () => transport.query('settings.getDokployVersion', z.string()),
    projects: () => transport.query('project.all', z.array(InstallProjectSchema)),
    async createCompose(setup) {
      // compose.create takes the file but not the env; compose.update sets both, as the UI does.
      const created = await transport.mutate('compose.create', CreatedComposeSchema, {
        name: setup.name,
        description: setup.description,
        environmentId: setup.environmentId,
        composeType: 'docker-compose',
        composeFile: setup.composeFile,
      });
      await transport.mutate('compose.update', AnySchema, {
        composeId: created.composeId,
        sourceType: 'raw',
        composeFile: setup.composeFile,
        env: setup.env,
      });
      return created;
    },
    async deployCompose(composeId, title) {
      await transport.mutate('compose.deploy', AnySchema, { composeId, title });
    },
    callCount: () => transport.callCount(),
  };
}
