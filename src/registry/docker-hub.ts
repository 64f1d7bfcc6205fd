import { DOCKER_HUB } from './reference.js';

/**
 * Docker Hub is named `docker.io` in references but serves the registry API from another host;
 * `docker.io` itself only redirects to the website.
 */
const HUB_API_HOST = 'registry-1.docker.io';

export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? HUB_API_HOST : registry;
}

/**
 * Docker Hub's anonymous and free-plan pull limit answers 429 with the error code TOOMANYREQUESTS;
 * HEAD requests do not count against it, but a limit already reached still refuses them.
 * https://docs.docker.com/docker-hub/usage/pulls/
 */
export function describeRateLimit(registry: string, body: string): string {
  if (registry === DOCKER_HUB && /toomanyrequests/i.test(body)) {
    return 'Docker Hub pull rate limit reached (log in or wait for the limit window to pass)';
  }
  return `${registry} is rate limiting requests (429)`;
}
