import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Docker from 'dockerode';

/** The compose project this process runs in, when it runs in a container of one. */
export interface SelfService {
  containerId: string;
  appName: string;
}

/**
 * Finds our own container on the engine: Docker sets the hostname to the short container ID, and
 * cgroup v1 paths carry the full one. Compose labels then name the project (Dokploy's appName).
 * Outside a container, or on an engine that does not know us, there is no self to protect.
 */
export async function findSelf(
  docker: Docker,
  candidates: string[] = selfCandidates(),
): Promise<SelfService | undefined> {
  for (const id of candidates) {
    try {
      const info = await docker.getContainer(id).inspect();
      const appName = info.Config.Labels?.['com.docker.compose.project'];
      if (appName) return { containerId: info.Id, appName };
    } catch {
      // Not a container this engine knows: try the next candidate.
    }
  }
  return undefined;
}

function selfCandidates(): string[] {
  const ids = new Set<string>();
  try {
    const cgroup = readFileSync('/proc/self/cgroup', 'utf8');
    for (const match of cgroup.matchAll(/[0-9a-f]{64}/g)) ids.add(match[0]);
  } catch {
    // Not Linux, or no procfs: the hostname is still worth a try.
  }
  try {
    // cgroup v2 hides the ID from /proc/self/cgroup; mountinfo still shows it in container paths.
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
    for (const match of mounts.matchAll(/containers\/([0-9a-f]{64})\//g)) {
      if (match[1]) ids.add(match[1]);
    }
  } catch {
    // As above.
  }
  const host = hostname();
  if (/^[0-9a-f]{12}$/.test(host)) ids.add(host);
  return [...ids];
}
