export { connectEngine, type EngineAddress, EngineAddressError } from './connect.js';
export {
  listAllComposeContainers,
  listComposeContainers,
  type ServiceContainer,
} from './containers.js';
export { inspectLocalImage, type LocalImage, type PullAuth, pullImage } from './images.js';
export { connectSshEngine, type SshEngineOptions } from './ssh.js';
export {
  containerImageId,
  inspectSwarmService,
  listRunningTasks,
  listStackServices,
  type SwarmService,
  type SwarmTask,
} from './swarm.js';
