import { z } from 'zod';
import { DOCKER_HUB } from './reference.js';

/**
 * Docker Hub is named `docker.io` in references but serves the registry API from another host;
 * `docker.io` itself only redirects to the website.
 */
const HUB_API_HOST = 'registry-1.docker.io';

export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? HUB_API_HOST : registry;
}

// The error body of the distribution spec; only the first message is shown.
// https://distribution.github.io/distribution/spec/api/#errors
const ErrorBody = z.object({
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional() })),
});

/**
 * Docker Hub's anonymous and free-plan pull limit answers 429 with the error code TOOMANYREQUESTS
 * and a message about the "pull rate limit"; HEAD requests do not count against it, but a limit
 * already reached still refuses them. Mirrors of Hub pass the same answer through, so the message
 * is recognised on any host. https://docs.docker.com/docker-hub/usage/pulls/
 */
export function describeRateLimit(registry: string, body: string, headers: Headers): string {
  const first = firstError(body);
  // A HEAD answer has no body; Hub then says it in its `ratelimit-*` headers (`0;w=21600`).
  const hubHeaders =
    headers.has('docker-ratelimit-source') || /^0\b/.test(headers.get('ratelimit-remaining') ?? '');
  const isHubLimit =
    hubHeaders ||
    /pull rate limit/i.test(first?.message ?? '') ||
    (registry === DOCKER_HUB && first?.code?.toUpperCase() === 'TOOMANYREQUESTS');
  if (isHubLimit) {
    const advice = 'log in, or wait for the window to pass';
    return `Docker Hub pull rate limit reached on ${registry} (${advice})`;
  }
  const said = first?.message ? `: ${first.message.slice(0, 120)}` : '';
  return `${registry} is rate limiting requests (429)${said}`;
}

function firstError(body: string): { code?: string; message?: string } | undefined {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.errors[0] : undefined;
  } catch {
    return undefined;
  }
}
