export {
  type CredentialStore,
  type Credentials,
  chainCredentialStores,
  noCredentials,
  staticCredentialStore,
} from './credentials.js';
export { isDigest, repoDigestsFor } from './digests.js';
export { type LoadCredentialStoreOptions, loadCredentialStore } from './docker-config.js';
export {
  CredentialsConfigError,
  ManifestNotFoundError,
  RegistryAuthError,
  RegistryUnavailableError,
} from './errors.js';
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
