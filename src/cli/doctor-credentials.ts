import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type CredentialStore,
  CredentialsConfigError,
  loadCredentialStore,
} from '../registry/index.js';
import type { Finding } from './doctor-report.js';

const DockerConfigSchema = z.looseObject({
  auths: z.record(z.string(), z.unknown()).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});

/**
 * Loads docker's credentials the way a run does, so doctor fails where the run would, and names
 * the registries config.json holds logins for, never the logins themselves. Undefined when the
 * credentials cannot be used; the finding then says why.
 */
export async function checkCredentials(
  dockerConfig: string | undefined,
  findings: Finding[],
): Promise<CredentialStore | undefined> {
  const check = 'docker credentials';
  let store: CredentialStore;
  try {
    store = await loadCredentialStore({ configDir: dockerConfig });
  } catch (error) {
    if (!(error instanceof CredentialsConfigError)) throw error;
    const fix =
      'Fix or remove that file (`docker login` rewrites it), or point DOCKER_CONFIG / ' +
      '--docker-config at the folder holding a valid config.json (in Dokploy: /root/.docker).';
    findings.push({ check, ok: false, detail: error.message, fix });
    return undefined;
  }

  const dir = dockerConfig ?? (process.env.DOCKER_CONFIG || join(homedir(), '.docker'));
  const file = join(dir, 'config.json');
  const parsed = DockerConfigSchema.safeParse(readJson(file));
  if (!parsed.success) {
    findings.push({ check, ok: true, detail: `no ${file}: anonymous pulls only` });
    return store;
  }
  const registries = [
    ...Object.keys(parsed.data.auths ?? {}),
    ...Object.keys(parsed.data.credHelpers ?? {}),
  ];
  const helper = parsed.data.credsStore
    ? `, helper docker-credential-${parsed.data.credsStore}`
    : '';
  const detail = `${file}: logins for ${registries.join(', ') || 'no registry'}${helper}`;
  findings.push({ check, ok: true, detail });
  return store;
}

// loadCredentialStore has already refused a file that exists but is broken.
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
