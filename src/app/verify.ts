import type Docker from 'dockerode';
import { z } from 'zod';
import { describeError } from './errors.js';
import { sleep } from './sleep.js';

/** A compose service of the target and the image ID its containers must run after the update. */
export interface ExpectedImage {
  service: string;
  imageId: string;
}

export interface VerifyOptions {
  /** Without a healthcheck, how long containers must keep running without a restart. */
  settleMs: number;
  /** How long containers with a healthcheck may take to report `healthy`. */
  timeoutMs: number;
  pollMs: number;
  signal?: AbortSignal;
}

/**
 * `stale`: still on the old image (the deployment did not recreate it: not the image's fault);
 * `unstable`: the new image runs but exits, restarts or turns unhealthy (the image's fault);
 * `unknown`: the engine could not be asked, so nothing can be said either way.
 */
export type VerifyOutcome =
  | { ok: true }
  | { ok: false; fault: 'stale' | 'unstable' | 'unknown'; reason: string };

// Engine API "ContainerInspect": only the fields the check reads.
const containerStateSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Image: z.string(),
  RestartCount: z.number().default(0),
  HostConfig: z
    .object({ RestartPolicy: z.object({ Name: z.string().default('') }).optional() })
    .optional(),
  State: z.object({
    Status: z.string(),
    Running: z.boolean(),
    Restarting: z.boolean().default(false),
    ExitCode: z.number().default(0),
    StartedAt: z.string(),
    Health: z.object({ Status: z.string() }).optional(),
  }),
});
type ContainerState = z.infer<typeof containerStateSchema> & { service: string };

/**
 * Watches the updated service until it is healthy and stable, or proves it is not. Exited
 * containers are listed too: a new image whose container dies at once must fail here, not look
 * like a service that merely has no container.
 */
export async function verifyService(
  docker: Docker,
  appName: string,
  expected: ExpectedImage[],
  options: VerifyOptions,
): Promise<VerifyOutcome> {
  try {
    const first = await inspectAll(docker, appName);
    const stale = staleContainers(first, expected);
    if (stale) return { ok: false, fault: 'stale', reason: stale };

    const watched = first.filter((c) =>
      expected.some((e) => e.service === serviceOf(c) && e.imageId === c.Image),
    );
    const started = Date.now();
    for (;;) {
      const now = await inspectAll(docker, appName);
      const problem = instability(watched, now);
      if (problem) return { ok: false, fault: 'unstable', reason: problem };

      const elapsed = Date.now() - started;
      const current = now.filter((c) => watched.some((w) => w.Id === c.Id));
      const waitingHealth = current.filter((c) => c.State.Health?.Status === 'starting');
      if (waitingHealth.length === 0 && elapsed >= options.settleMs) return { ok: true };
      if (waitingHealth.length > 0 && elapsed >= options.timeoutMs) {
        const names = waitingHealth.map(nameOf).join(', ');
        return {
          ok: false,
          fault: 'unstable',
          reason: `not healthy after ${Math.round(options.timeoutMs / 1000)} s: ${names}`,
        };
      }
      await sleep(options.pollMs, options.signal);
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ok: false, fault: 'unknown', reason: `verification failed: ${describeError(error)}` };
  }
}

async function inspectAll(docker: Docker, appName: string): Promise<ContainerState[]> {
  const rows = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${appName}`] },
  });
  const states = await Promise.all(
    rows.map(async (row) => {
      const info = await docker.getContainer(row.Id).inspect();
      const service = info.Config.Labels?.['com.docker.compose.service'] ?? '';
      return { ...containerStateSchema.parse(info), service };
    }),
  );
  return states;
}

function serviceOf(container: ContainerState): string {
  return container.service;
}

function nameOf(container: ContainerState): string {
  return container.Name.replace(/^\//, '');
}

function staleContainers(containers: ContainerState[], expected: ExpectedImage[]) {
  const problems: string[] = [];
  for (const wanted of expected) {
    const mine = containers.filter((c) => serviceOf(c) === wanted.service);
    if (mine.length === 0) problems.push(`${wanted.service} (no container)`);
    for (const c of mine.filter((c) => c.Image !== wanted.imageId)) {
      problems.push(`${nameOf(c)} still runs ${c.Image.slice(0, 19)}`);
    }
  }
  return problems.length ? `not on the new image: ${problems.join(', ')}` : undefined;
}

// A container that stopped, restarted or turned unhealthy since the watch began.
function instability(watched: ContainerState[], now: ContainerState[]): string | undefined {
  for (const before of watched) {
    const after = now.find((c) => c.Id === before.Id);
    const name = nameOf(before);
    if (!after) return `${name} was removed`;
    if (completed(after)) continue;
    if (!after.State.Running || after.State.Restarting) {
      return `${name} ${after.State.Status} (exit code ${after.State.ExitCode})`;
    }
    if (
      after.RestartCount > before.RestartCount ||
      after.State.StartedAt !== before.State.StartedAt
    ) {
      return `${name} restarted`;
    }
    if (after.State.Health?.Status === 'unhealthy') return `${name} is unhealthy`;
  }
  return undefined;
}

// A one-shot service (migrations, `service_completed_successfully`) ends with code 0 and is not
// meant to restart: that is its success, not a crash.
function completed(container: ContainerState): boolean {
  const policy = container.HostConfig?.RestartPolicy?.Name ?? '';
  const oneShot = policy === '' || policy === 'no' || policy === 'on-failure';
  return oneShot && container.State.Status === 'exited' && container.State.ExitCode === 0;
}
