export { connectEngine, type EngineAddress, EngineAddressError } from './connect.js';
export {
  listAllComposeContainers,
  listComposeContainers,
  type ServiceContainer,
} from './containers.js';
export { inspectLocalImage, type LocalImage, type PullAuth, pullImage } from './images.js';
