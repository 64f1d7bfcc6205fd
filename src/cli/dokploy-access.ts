import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config/index.js';
import { registerSecret } from '../log/index.js';

export interface DokployAccess {
  baseUrl: string;
  apiKey: string;
}

const urlSchema = z.url({ protocol: /^https?$/ });

/**
 * Dokploy's URL and key for the setup commands (install, doctor), from the same places `run`
 * reads them: the flag or DOKPLOY_URL, and DOKPLOY_API_KEY or the file DOKPLOY_API_KEY_FILE.
 * These commands need no project selection, so they do not go through the run's schema.
 */
export function dokployAccess(flagUrl: string | undefined, env = process.env): DokployAccess {
  const baseUrl = flagUrl ?? (env.DOKPLOY_URL || undefined);
  if (!baseUrl) {
    throw new ConfigError('--dokploy-url / DOKPLOY_URL: is required, e.g. http://localhost:3000');
  }
  if (!urlSchema.safeParse(baseUrl).success) {
    throw new ConfigError(`--dokploy-url / DOKPLOY_URL: ${baseUrl} is not an http(s) URL`);
  }
  const apiKey = env.DOKPLOY_API_KEY || readKeyFile(env.DOKPLOY_API_KEY_FILE);
  if (!apiKey) {
    throw new ConfigError(
      'DOKPLOY_API_KEY / DOKPLOY_API_KEY_FILE: is required: create one in Dokploy under ' +
        'Settings → Profile → API/CLI',
    );
  }
  registerSecret(apiKey);
  return { baseUrl, apiKey };
}

function readKeyFile(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`DOKPLOY_API_KEY_FILE ${path} cannot be read (${code})`, {
      cause: error,
    });
  }
}
