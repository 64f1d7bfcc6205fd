import type Docker from 'dockerode';
import type { RunContext } from '../app/index.js';
import type { Config } from '../config/index.js';
import { connectEngine } from '../docker/index.js';
import { createDokployClient } from '../dokploy/index.js';
import { createLogger, type Logger, registerSecret } from '../log/index.js';
import {
  type CredentialStore,
  createRegistryClient,
  engineRegistrySettings,
  loadCredentialStore,
  type RegistryClient,
} from '../registry/index.js';

/** Builds the real parts one run talks to, from validated configuration. */
export async function createRunContext(config: Config): Promise<RunContext> {
  registerSecret(config.dokployApiKey);
  const logger = createLogger({ level: config.logLevel });
  const { docker, description } = connectEngine(config.dockerHost);
  const credentials = await loadCredentialStore({ configDir: config.dockerConfig });

  return {
    config,
    logger,
    docker,
    engine: description,
    credentials,
    dokploy: createDokployClient({
      baseUrl: config.dokployUrl,
      apiKey: config.dokployApiKey,
      logger,
    }),
    registry: createEngineRegistryClient({
      docker,
      credentials,
      insecureRegistries: config.insecureRegistries,
      logger: logger.child({ module: 'registry' }),
    }),
  };
}

export interface EngineRegistryOptions {
  docker: Docker;
  credentials: CredentialStore;
  insecureRegistries: readonly string[];
  logger?: Logger;
}

/** The registry client `run`, `serve` and `doctor` check with, so they all ask alike. */
export function createEngineRegistryClient(options: EngineRegistryOptions): RegistryClient {
  const { docker, ...rest } = options;
  return createRegistryClient({
    ...rest,
    // The engine's insecure registries and Hub mirrors apply to our checks as to its pulls.
    engineSettings: async () => engineRegistrySettings(await docker.info()),
  });
}
