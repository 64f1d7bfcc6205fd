export {
  composeVariables,
  type DokployComposeEnv,
  type DokployEnvSources,
  resolveDokployReferences,
} from './dokploy-env.js';
export { parseEnvLines } from './env.js';
export {
  ComposeError,
  ComposeFileError,
  ComposeInterpolationError,
  DokployEnvReferenceError,
} from './errors.js';
export { type ComposeServiceImage, type ComposeServices, extractServices } from './images.js';
export {
  type ComposeVariables,
  type Interpolated,
  interpolate,
  interpolateTree,
} from './interpolate.js';
