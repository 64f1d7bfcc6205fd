import type { Credentials } from './credentials.js';
import { DOCKER_HUB } from './reference.js';

/** The `authconfig` that dockerode's `pull(ref, { authconfig })` passes to the engine. */
export type EngineAuthConfig =
  | { username: string; password: string; serveraddress: string }
  | { identitytoken: string; serveraddress: string };

// The engine files Docker Hub logins under the legacy index address, as `docker login` does.
const HUB_SERVER_ADDRESS = 'https://index.docker.io/v1/';

export function engineAuthFor(
  credentials: Credentials | undefined,
  registry: string,
): EngineAuthConfig | undefined {
  if (!credentials) return undefined;
  const serveraddress = registry === DOCKER_HUB ? HUB_SERVER_ADDRESS : registry;
  if (credentials.identityToken) return { identitytoken: credentials.identityToken, serveraddress };
  if (credentials.username === undefined) return undefined;
  return { username: credentials.username, password: credentials.password ?? '', serveraddress };
}
