import { setTimeout as sleep } from 'node:timers/promises';
import type { DokployClient } from './client.js';
import { DeploymentTimeoutError, DokployUnavailableError } from './errors.js';
import type { Deployment } from './schemas.js';

export const FINAL_DEPLOYMENT_STATUSES: ReadonlySet<string> = new Set([
  'done',
  'error',
  'cancelled',
]);

export interface WaitOptions {
  /** How long to wait for the new deployment to finish; 10 minutes by default. */
  timeoutMs?: number;
  /** Time between polls; 5 s by default, since every poll counts against a rate-limited key. */
  pollMs?: number;
  signal?: AbortSignal;
  /** The title given to the deploy call: picks our row if another deploy started meanwhile. */
  title?: string;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_POLL_MS = 5_000;

/**
 * Dokploy's deploy calls return no deployment ID, and the row appears only when the queued job
 * starts (jobs run one at a time per server). So the caller notes the IDs that exist before it
 * deploys, and this polls until a row not among them reaches a final status.
 */
export function waitForNewDeployment(
  client: DokployClient,
  composeId: string,
  knownIds: ReadonlySet<string>,
  options: WaitOptions = {},
): Promise<Deployment> {
  return waitForNew(() => client.composeDeployments(composeId), composeId, knownIds, options);
}

export function waitForNewApplicationDeployment(
  client: DokployClient,
  applicationId: string,
  knownIds: ReadonlySet<string>,
  options: WaitOptions = {},
): Promise<Deployment> {
  return waitForNew(
    () => client.applicationDeployments(applicationId),
    applicationId,
    knownIds,
    options,
  );
}

async function waitForNew(
  list: () => Promise<Deployment[]>,
  serviceId: string,
  knownIds: ReadonlySet<string>,
  options: WaitOptions,
): Promise<Deployment> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const deadline = Date.now() + timeoutMs;
  let lastSeen: Deployment | undefined;
  let lastError: unknown;

  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const row = pickNewRow(await list(), knownIds, options.title);
      lastError = undefined;
      if (row) lastSeen = row;
      if (row && FINAL_DEPLOYMENT_STATUSES.has(row.status)) return row;
    } catch (error) {
      // A blip while the job runs is not the deployment's failure; keep polling to the deadline.
      if (!(error instanceof DokployUnavailableError)) throw error;
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeoutError(serviceId, timeoutMs, lastSeen, lastError);
    await pause(Math.min(pollMs, remaining), options.signal);
  }
}

// Rejects with the caller's own abort reason rather than a generic AbortError.
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
}

// Rows come newest first, but sort anyway: the order is Dokploy's choice, not a promise.
function pickNewRow(rows: Deployment[], knownIds: ReadonlySet<string>, title?: string) {
  const fresh = rows
    .filter((row) => !knownIds.has(row.deploymentId))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return fresh.find((row) => title !== undefined && row.title === title) ?? fresh[0];
}

function timeoutError(
  serviceId: string,
  timeoutMs: number,
  lastSeen: Deployment | undefined,
  cause: unknown,
): DeploymentTimeoutError {
  const seconds = Math.round(timeoutMs / 1000);
  const state = lastSeen
    ? `deployment ${lastSeen.deploymentId} is still "${lastSeen.status}"; it may finish later`
    : 'no new deployment started (the job may still be queued behind others on that server)';
  return new DeploymentTimeoutError(`Waited ${seconds} s for service ${serviceId}: ${state}.`, {
    serviceId,
    timeoutMs,
    ...(lastSeen
      ? { lastSeen: { deploymentId: lastSeen.deploymentId, status: lastSeen.status } }
      : {}),
    cause,
  });
}
