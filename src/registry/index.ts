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
