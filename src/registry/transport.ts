import { HttpUnavailableError, httpRequest, parseRetryAfter } from '../http/index.js';
import type { Authorizer } from './auth.js';
import { type Challenge, parseChallenges, pickChallenge } from './challenge.js';
import type { CredentialStore } from './credentials.js';
import { describeRateLimit } from './docker-hub.js';
import { ManifestNotFoundError, RegistryAuthError, RegistryUnavailableError } from './errors.js';
import { familiarReference, type ImageReference } from './reference.js';

export interface RequestCounters {
  ping: number;
  head: number;
  get: number;
  retries: number;
}

export interface TransportOptions {
  credentials: CredentialStore;
  authorize: Authorizer;
  counters: RequestCounters;
  timeoutMs: number;
  maxRetryWaitMs: number;
  baseUrl: (registry: string) => string;
}

const MAX_RATE_LIMIT_RETRIES = 2;
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

/**
 * Authenticated requests to the registry API. Like the engine, it asks each registry `GET /v2/`
 * once to learn its challenge, so every later request carries credentials from the start: checking
 * fifty images costs fifty requests plus one token per repository, not a 401 round trip for each.
 */
export function createTransport(options: TransportOptions) {
  const challenges = new Map<string, Promise<Challenge | undefined>>();

  return async function send(
    ref: ImageReference,
    method: 'HEAD' | 'GET',
    path: string,
    accept: string,
  ): Promise<Response> {
    const { registry } = ref;
    const url = `${options.baseUrl(registry)}${path}`;
    const credentials = await options.credentials.get(registry);
    const known = await challengeFor(registry);
    let authorization = known
      ? await options.authorize(registry, ref.repository, known, credentials)
      : undefined;
    let reauthorized = false;
    let rateLimitRetries = 0;

    for (;;) {
      options.counters[method === 'HEAD' ? 'head' : 'get']++;
      const response = await call(registry, url, { method, accept, authorization });
      if (response.status === 401 && !reauthorized) {
        // A cached token that expired early, or a registry that wants a different scope or realm.
        reauthorized = true;
        const fresh = pickChallenge(parseChallenges(response.headers.get('www-authenticate')));
        if (fresh) {
          challenges.set(registry, Promise.resolve(fresh));
          authorization = await options.authorize(
            registry,
            ref.repository,
            fresh,
            credentials,
            true,
          );
          if (authorization) continue;
        }
      }
      let wait: number | undefined;
      if (response.status === 429 && rateLimitRetries < MAX_RATE_LIMIT_RETRIES) {
        wait = parseRetryAfter(response.headers.get('retry-after')) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
        if (wait <= options.maxRetryWaitMs) {
          rateLimitRetries++;
          options.counters.retries++;
          await response.body?.cancel();
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
      }
      if (response.ok) return response;
      const error = await failure(ref, response, credentials !== undefined);
      // Waiting longer than the bound would stall the whole run; the next run asks again.
      if (wait !== undefined && wait > options.maxRetryWaitMs) {
        error.message += `; asked to wait ${Math.ceil(wait / 1000)} s, more than the bound`;
      }
      throw error;
    }
  };

  function challengeFor(registry: string): Promise<Challenge | undefined> {
    let known = challenges.get(registry);
    if (!known) {
      known = ping(registry);
      // A failed ping is not remembered: the next image may find the registry back.
      known.catch(() => challenges.delete(registry));
      challenges.set(registry, known);
    }
    return known;
  }

  async function ping(registry: string): Promise<Challenge | undefined> {
    options.counters.ping++;
    const response = await call(registry, `${options.baseUrl(registry)}/v2/`, { method: 'GET' });
    await response.body?.cancel();
    if (response.status !== 401) return undefined;
    return pickChallenge(parseChallenges(response.headers.get('www-authenticate')));
  }

  async function call(
    registry: string,
    url: string,
    request: { method: string; accept?: string; authorization?: string | undefined },
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (request.accept) headers.accept = request.accept;
    if (request.authorization) headers.authorization = request.authorization;
    try {
      return await httpRequest(url, {
        method: request.method,
        headers,
        redirect: 'follow',
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      if (!(error instanceof HttpUnavailableError)) throw error;
      throw new RegistryUnavailableError(registry, error.message, { cause: error });
    }
  }
}

async function failure(ref: ImageReference, response: Response, hadCredentials: boolean) {
  const { registry } = ref;
  const { status } = response;
  const body = await response.text().catch(() => '');
  const image = familiarReference(ref);
  if (status === 404) {
    return new ManifestNotFoundError(registry, `${image}: no such manifest on ${registry}`, {
      status,
    });
  }
  if (status === 401 || status === 403) {
    const why = hadCredentials ? 'the credentials were refused' : 'it needs credentials';
    return new RegistryAuthError(registry, `${image}: ${registry} answered ${status}, ${why}`, {
      status,
    });
  }
  if (status === 429) {
    return new RegistryUnavailableError(
      registry,
      `${image}: ${describeRateLimit(registry, body, response.headers)}`,
      {
        status,
        rateLimited: true,
      },
    );
  }
  const type = response.headers.get('content-type') ?? 'no content type';
  return new RegistryUnavailableError(
    registry,
    `${image}: ${registry} answered ${status} (${type})`,
    {
      status,
    },
  );
}

export type Transport = ReturnType<typeof createTransport>;
