import { createDokployClient, DokployAuthError, DokployError } from '../dokploy/index.js';
import { httpRequest } from '../http/index.js';
import type { Logger } from '../log/index.js';
import type { Finding } from './doctor-report.js';
import type { DokployAccess } from './dokploy-access.js';

export interface DokployFacts {
  findings: Finding[];
  /** Compose app names of the projects asked about, to find their containers. */
  appNames: string[];
  /** False when Dokploy could not list the projects' services, so appNames means nothing. */
  listed: boolean;
  /** Calls made with the key, so a user of a rate-limited key sees what doctor spent. */
  keyedCalls: number;
}

const RATE_LIMIT_FIX =
  'Dokploy answers 401 (not 429) once a key has used up its rate limit. In Dokploy, Settings → ' +
  'Profile → API/CLI, create a key with rate limiting turned off and use that one.';

/** Reachability (/api/health needs no key), then the key and version, then the projects. */
export async function checkDokploy(
  access: DokployAccess,
  projects: string[],
  logger: Logger,
): Promise<DokployFacts> {
  const findings: Finding[] = [];
  const apiBase = `${access.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '')}/api`;
  try {
    const response = await httpRequest(`${apiBase}/health`, { timeoutMs: 10_000 });
    await response.text();
    findings.push({ check: 'Dokploy', ok: true, detail: `${access.baseUrl} answers` });
  } catch (error) {
    findings.push({
      check: 'Dokploy',
      ok: false,
      detail: `${access.baseUrl} does not answer (${(error as Error).message})`,
      fix: 'Check DOKPLOY_URL: the address you open Dokploy at, e.g. http://localhost:3000.',
    });
    return { findings, appNames: [], listed: false, keyedCalls: 0 };
  }

  const client = createDokployClient({ ...access, logger });
  const appNames: string[] = [];
  try {
    const version = await client.version();
    findings.push({ check: 'API key', ok: true, detail: `accepted by Dokploy ${version}` });
    const all = await client.projects();
    for (const name of projects) {
      const project = all.find((p) => p.name === name);
      if (!project) {
        const known = all.map((p) => p.name).join(', ') || 'none';
        findings.push({
          check: `project ${name}`,
          ok: false,
          detail: 'not found',
          fix:
            `Use an exact project name (Dokploy has: ${known}); ` +
            'the key sees only its own organization.',
        });
        continue;
      }
      const composeIds = [project, ...(project.environments ?? [])].flatMap((holder) =>
        (holder.compose ?? []).map((c) => c.composeId),
      );
      for (const id of composeIds) appNames.push((await client.compose(id)).appName);
      const detail = `${composeIds.length} compose service(s)`;
      findings.push({ check: `project ${name}`, ok: true, detail });
    }
  } catch (error) {
    if (!(error instanceof DokployError)) throw error;
    findings.push(keyFinding(error));
    return { findings, appNames, listed: false, keyedCalls: client.callCount() };
  }
  return { findings, appNames, listed: true, keyedCalls: client.callCount() };
}

function keyFinding(error: DokployError): Finding {
  if (error instanceof DokployAuthError && error.maybeRateLimited) {
    return {
      check: 'API key',
      ok: false,
      detail: 'worked for the first call, then got 401: the key is rate-limited',
      fix: RATE_LIMIT_FIX,
    };
  }
  if (error instanceof DokployAuthError) {
    return {
      check: 'API key',
      ok: false,
      detail: `refused (${error.status})`,
      fix:
        'Check DOKPLOY_API_KEY (or the file in DOKPLOY_API_KEY_FILE) and that the key belongs ' +
        `to the organization of your services. If it worked before: ${RATE_LIMIT_FIX}`,
    };
  }
  return { check: 'API key', ok: false, detail: error.message, fix: 'See the message above.' };
}
