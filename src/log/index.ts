export { createLogger, type Logger, redactSecrets, registerSecret } from './logger.js';
