import type Docker from 'dockerode';
import type { Config } from '../config/index.js';
import type { DokployClient } from '../dokploy/index.js';
import type { Logger } from '../log/index.js';
import type { TargetInfo } from '../plan/index.js';
import type { CredentialStore, RegistryClient } from '../registry/index.js';
import type { StateStore } from '../state/index.js';

/** What one run works with; built once by the caller, so tests can point it at their own parts. */
export interface RunContext {
  config: Config;
  logger: Logger;
  dokploy: DokployClient;
  docker: Docker;
  /** The engine as the user named it, for messages. */
  engine: string;
  registry: RegistryClient;
  credentials: CredentialStore;
  signal?: AbortSignal;
  /** First sightings, bad digests, history; without it no cooldown and nothing is remembered. */
  state?: StateStore;
  /** This run's row in the state store's history. */
  runId?: string;
  /**
   * A reason to check a service but not update it in this run (check-only services, or the
   * updater's own service, which must not redeploy itself mid-run); undefined lets it update.
   */
  holdBack?: (target: TargetInfo) => string | undefined;
}
