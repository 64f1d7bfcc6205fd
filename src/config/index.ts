export { ConfigError, type ConfigSources, loadConfig } from './load.js';
export { type Config, type ConfigInput, configSchema } from './schema.js';
export { parseDuration } from './safety.js';
