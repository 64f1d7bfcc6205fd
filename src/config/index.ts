export { ConfigError, type ConfigSources, loadConfig } from './load.js';
export { parseDuration } from './safety.js';
export { type Config, type ConfigInput, configSchema } from './schema.js';
