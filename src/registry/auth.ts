import { z } from 'zod';
import { HttpUnavailableError, httpRequest } from '../http/index.js';
import { registerSecret } from '../log/index.js';
import type { Challenge } from './challenge.js';
import type { Credentials } from './credentials.js';
import { RegistryAuthError, RegistryUnavailableError } from './errors.js';

// Token response of the distribution token spec; `access_token` is the OAuth2 spelling, and
// `expires_in` defaults to 60 seconds when absent.
// https://distribution.github.io/distribution/spec/auth/token/
const TokenResponse = z.object({
  token: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});

const DEFAULT_TOKEN_SECONDS = 60;
// Renew a little early so a token does not expire between the cache look-up and the registry's
// check.
const EXPIRY_MARGIN_MS = 5_000;
const CLIENT_ID = 'dokploy-autoupdate';

export interface TokenCounters {
  token: number;
}

export interface AuthorizerOptions {
  timeoutMs: number;
  counters: TokenCounters;
  now?: () => number;
}

/**
 * Builds `Authorization` headers; one bearer token per (realm, service, scope, login) until it
 * expires.
 */
export function createAuthorizer(options: AuthorizerOptions) {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { value: string; expiresAt: number }>();
  const pending = new Map<string, Promise<string>>();

  return async function authorizationFor(
    registry: string,
    repository: string,
    challenge: Challenge,
    credentials: Credentials | undefined,
    fresh = false,
  ): Promise<string | undefined> {
    if (challenge.scheme === 'basic') {
      if (credentials?.username === undefined) return undefined;
      const pair = `${credentials.username}:${credentials.password ?? ''}`;
      return `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    const realm = challenge.params.realm ?? '';
    const service = challenge.params.service ?? '';
    const scope = `repository:${repository}:pull`;
    const key = tokenKey({ realm, service, scope }, credentials);

    const cached = tokens.get(key);
    if (!fresh && cached && cached.expiresAt > now()) return `Bearer ${cached.value}`;
    let request = pending.get(key);
    if (!request) {
      request = fetchToken(registry, key, { realm, service, scope }, credentials).finally(() =>
        pending.delete(key),
      );
      pending.set(key, request);
    }
    return `Bearer ${await request}`;
  };

  async function fetchToken(
    registry: string,
    key: string,
    target: TokenTarget,
    credentials: Credentials | undefined,
  ): Promise<string> {
    const response = await requestToken(registry, target, credentials);
    const type = response.headers.get('content-type') ?? '';
    if (response.status === 401 || response.status === 403) {
      throw new RegistryAuthError(registry, `${registry} token service refused the credentials`, {
        status: response.status,
      });
    }
    if (!response.ok || !type.includes('json')) {
      const what = `${response.status} ${type || 'without a type'}`;
      throw new RegistryUnavailableError(
        registry,
        `${registry} token service answered ${what} where a JSON token was needed`,
        { status: response.status, rateLimited: response.status === 429 },
      );
    }
    const parsed = TokenResponse.safeParse(await response.json().catch(() => undefined));
    const value = parsed.success ? (parsed.data.token ?? parsed.data.access_token) : undefined;
    if (!value) {
      throw new RegistryUnavailableError(registry, `${registry} token service sent no token`);
    }
    registerSecret(value);
    const seconds = (parsed.success && parsed.data.expires_in) || DEFAULT_TOKEN_SECONDS;
    tokens.set(key, { value, expiresAt: now() + Math.max(0, seconds * 1000 - EXPIRY_MARGIN_MS) });
    return value;
  }

  async function requestToken(
    registry: string,
    target: TokenTarget,
    credentials: Credentials | undefined,
  ): Promise<Response> {
    options.counters.token++;
    const url = new URL(target.realm);
    try {
      // An identity token is an OAuth2 refresh token: exchanged by POST, never sent as a password.
      if (credentials?.identityToken) {
        const form = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: credentials.identityToken,
          service: target.service,
          scope: target.scope,
          client_id: CLIENT_ID,
        });
        return await httpRequest(url.href, {
          method: 'POST',
          body: form,
          timeoutMs: options.timeoutMs,
        });
      }
      if (target.service) url.searchParams.set('service', target.service);
      url.searchParams.set('scope', target.scope);
      const headers: Record<string, string> = {};
      if (credentials?.username !== undefined) {
        const pair = `${credentials.username}:${credentials.password ?? ''}`;
        headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
      }
      return await httpRequest(url.href, { headers, timeoutMs: options.timeoutMs });
    } catch (error) {
      if (!(error instanceof HttpUnavailableError)) throw error;
      throw new RegistryUnavailableError(registry, `${registry} token service: ${error.message}`, {
        cause: error,
      });
    }
  }
}

interface TokenTarget {
  realm: string;
  service: string;
  scope: string;
}

/** Tokens differ per login, so the cache key names who asked (never the secret itself). */
function tokenKey(target: TokenTarget, credentials: Credentials | undefined): string {
  const who = credentials?.username ?? (credentials ? 'identity-token' : 'anonymous');
  return [target.realm, target.service, target.scope, who].join(' ');
}

export type Authorizer = ReturnType<typeof createAuthorizer>;
