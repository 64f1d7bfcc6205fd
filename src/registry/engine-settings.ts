import { z } from 'zod';
import { DOCKER_HUB } from './reference.js';

// `RegistryConfig` of the Engine API's `GET /info`: the daemon's `insecure-registries` (as CIDRs
// and as per-host index entries with `Secure: false`) and its `registry-mirrors` for Docker Hub.
// https://docs.docker.com/reference/api/engine/version/v1.41/#tag/System/operation/SystemInfo
const EngineInfo = z.object({
  RegistryConfig: z
    .object({
      InsecureRegistryCIDRs: z.array(z.string()).nullish(),
      IndexConfigs: z
        .record(
          z.string(),
          z.object({ Secure: z.boolean().optional(), Mirrors: z.array(z.string()).nullish() }),
        )
        .nullish(),
      Mirrors: z.array(z.string()).nullish(),
    })
    .nullish(),
});

export interface EngineRegistrySettings {
  /** Hosts and CIDRs the engine reaches over plain HTTP; they are insecure for us too. */
  insecure: string[];
  /** Docker Hub mirrors in the engine's order, as URLs (`https://mirror.example`). */
  mirrors: string[];
}

/**
 * What the engine on the Dokploy host was told about registries. A registry it pulls from over
 * HTTP must be asked over HTTP too, and a Docker Hub mirror answers what the engine would pull.
 */
export function engineRegistrySettings(info: unknown): EngineRegistrySettings {
  const parsed = EngineInfo.safeParse(info);
  const config = parsed.success ? parsed.data.RegistryConfig : undefined;
  const insecure = [...(config?.InsecureRegistryCIDRs ?? [])];
  for (const [host, index] of Object.entries(config?.IndexConfigs ?? {})) {
    if (index.Secure === false) insecure.push(host);
  }
  const hub = config?.IndexConfigs?.[DOCKER_HUB]?.Mirrors ?? [];
  const mirrors = [...new Set([...hub, ...(config?.Mirrors ?? [])])].filter(isHttpUrl);
  return { insecure, mirrors };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
