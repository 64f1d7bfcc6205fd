export { compose, DOCKER_CLI, docker } from './cli.js';
export { type RegistryCredentials, writeDockerConfig } from './docker-config.js';
export { type Engine, type EngineFacts, startEngine } from './engine.js';
export {
  ENV_FILE,
  isTestEnvHealthy,
  readEnvFile,
  startTestEnv,
  stopTestEnv,
  type TestEnvFacts,
} from './environment.js';
export { type MakeImageOptions, makeImage, publishVersion, pushImage } from './image.js';
export { ensurePackages } from './packages.js';
export { type Registry, type RegistryFacts, startRegistry } from './registry.js';
export { basicAuth, registryDigest } from './registry-api.js';
export { initSwarm, leaveSwarm } from './swarm.js';
export { testEnv } from './test-env.js';
export {
  startTokenRegistry,
  type TokenRegistry,
  type TokenRegistryOptions,
} from './token-registry.js';
export { startTokenServer, type TokenRequest, type TokenServer } from './token-server.js';
