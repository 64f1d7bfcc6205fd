export { createDokployClient, type DokployClient, type DokployClientOptions } from './client.js';
export {
  type ApplicationTarget,
  type ComposeTarget,
  type DiscoverOptions,
  type Discovery,
  type DiscoveryFailure,
  discoverTargets,
  type NotApplicable,
  type Target,
} from './discover.js';
export {
  DeploymentTimeoutError,
  DokployAuthError,
  DokployError,
  DokployNotFoundError,
  DokployRequestError,
  DokployResponseError,
  DokployUnavailableError,
  SelectionError,
} from './errors.js';
export type {
  ApplicationDetail,
  ComposeDetail,
  Deployment,
  ProjectSummary,
  Server,
} from './schemas.js';
export { type Selection, type ServiceRef, selectServices } from './selection.js';
export {
  type ComposeSetup,
  createDokploySetupClient,
  type DokploySetupClient,
  type InstallEnvironment,
  type InstallProject,
} from './setup.js';
export {
  FINAL_DEPLOYMENT_STATUSES,
  type WaitOptions,
  waitForNewApplicationDeployment,
  waitForNewDeployment,
} from './wait.js';
