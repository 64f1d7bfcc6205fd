export { defaultStateDir } from './dir.js';
export { StateError } from './errors.js';
export { type OpenStateOptions, openStateStore, sqliteLibrary } from './open.js';
export * from './types.js';
