export type { ApiKeyOption, KeyVerdict } from './auth.js';
export type { RecordedRequest } from './http.js';
export { createStandIn, DEFAULT_VERSION, type StandIn, type StandInOptions } from './server.js';
export type { ApplicationRow, ComposeRow, DeploymentRow, StandInState } from './store.js';
