export { type Challenge, parseChallenges, pickChallenge } from './challenge.js';
export {
  createRegistryClient,
  type RegistryClient,
  type RegistryClientOptions,
  type RegistryStats,
  type RemoteDigest,
  type RemoteManifest,
} from './client.js';
export {
  type CredentialStore,
  type Credentials,
  chainCredentialStores,
  noCredentials,
  staticCredentialStore,
} from './credentials.js';
export { isDigest, repoDigestsFor } from './digests.js';
export { type LoadCredentialStoreOptions, loadCredentialStore } from './docker-config.js';
export { type EngineAuthConfig, engineAuthFor } from './engine-auth.js';
export { type EngineRegistrySettings, engineRegistrySettings } from './engine-settings.js';
export {
  CredentialsConfigError,
  ManifestNotFoundError,
  RegistryAuthError,
  RegistryUnavailableError,
} from './errors.js';
export { isIndexMediaType, MANIFEST_ACCEPT, MEDIA_TYPES } from './manifest.js';
export { namesSameImage, tagReference } from './match.js';
export {
  formatPlatform,
  manifestConfigDigest,
  type Platform,
  platformChild,
  resolvePlatformDigest,
} from './platform.js';
export {
  DOCKER_HUB,
  familiarName,
  familiarReference,
  formatReference,
  type ImageReference,
  InvalidReferenceError,
  parseReference,
  pullReference,
  repositoryKey,
  withDefaultTag,
} from './reference.js';
export { registryBaseUrl } from './scheme.js';
