import { registerSecret } from '../log/index.js';

/** What a registry login holds: a username and password, or an identity (refresh) token. */
export interface Credentials {
  username?: string;
  password?: string;
  identityToken?: string;
}

/** Credentials per registry host (`docker.io`, `ghcr.io`, `localhost:5000`). */
export interface CredentialStore {
  get(registry: string): Promise<Credentials | undefined>;
}

/**
 * The first store that has credentials for a registry wins (Dokploy's per-application login
 * first).
 */
export function chainCredentialStores(...stores: CredentialStore[]): CredentialStore {
  return {
    async get(registry) {
      for (const store of stores) {
        const found = await store.get(registry);
        if (found) return found;
      }
      return undefined;
    },
  };
}

/** A fixed map, e.g. built from the credentials Dokploy holds for an application. */
export function staticCredentialStore(entries: Record<string, Credentials>): CredentialStore {
  for (const credentials of Object.values(entries)) {
    registerSecret(credentials.password);
    registerSecret(credentials.identityToken);
  }
  return { get: async (registry) => entries[registry] };
}

export const noCredentials: CredentialStore = { get: async () => undefined };
