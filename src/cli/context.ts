import type { RunContext } from '../app/index.js';
import type { Config } from '../config/index.js';
import { connectEngine } from '../docker/index.js';
import { createDokployClient } from '../dokploy/index.js';
import { createLogger, registerSecret } from '../log/index.js';
import {
  createRegistryClient,
  engineRegistrySettings,
  loadCredentialStore,
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
    registry: createRegistryClient({
      credentials,
      insecureRegistries: config.insecureRegistries,
      // The engine's insecure registries and Hub mirrors apply to our checks as to its pulls.
      engineSettings: async () => engineRegistrySettings(await docker.info()),
      logger: logger.child({ module: 'registry' }),
    }),
  };
}
