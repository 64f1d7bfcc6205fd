export { ConfigError, type ConfigSources, loadConfig, loadConfigWith } from './load.js';
export { parseDuration } from './safety.js';
export { type Config, type ConfigInput, configSchema } from './schema.js';
