import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { type HttpRequestInit, HttpUnavailableError, httpRequest } from '../http/index.js';
import { type Logger, redactSecrets, registerSecret } from '../log/index.js';
import {
  DokployAuthError,
  DokployNotFoundError,
  DokployRequestError,
  DokployResponseError,
  DokployUnavailableError,
} from './errors.js';
import { describeErrorBody, describeIssue } from './messages.js';

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  logger: Logger;
  timeoutMs?: number;
}

export type Params = Record<string, string | undefined>;

/**
 * Fingerprints of keys that got a 2xx in this process. Dokploy answers 401, not 429, once a key's
 * rate limit is used up, so a 401 for a key seen working is most likely that limit. A hash, so the
 * key itself is not kept around.
 */
const keysSeenWorking = new Set<string>();

export interface Transport {
  query<T extends z.ZodType>(procedure: string, schema: T, params?: Params): Promise<z.output<T>>;
  mutate<T extends z.ZodType>(procedure: string, schema: T, input: object): Promise<z.output<T>>;
  callCount(): number;
}

export function createTransport(options: TransportOptions): Transport {
  registerSecret(options.apiKey);
  const apiBase = toApiBase(options.baseUrl);
  const keyPrint = createHash('sha256').update(`${apiBase}\n${options.apiKey}`).digest('hex');
  const logger = options.logger;
  let calls = 0;

  async function call(procedure: string, init: HttpRequestInit, params?: Params): Promise<unknown> {
    const url = new URL(`${apiBase}/${procedure}`);
    for (const [name, value] of Object.entries(params ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const headers = { ...(init.headers as Record<string, string>), 'x-api-key': options.apiKey };

    calls += 1;
    let response: Response;
    let body: string;
    try {
      response = await httpRequest(url.href, { ...init, headers, timeoutMs: options.timeoutMs });
      body = await response.text();
    } catch (error) {
      const reason = error instanceof HttpUnavailableError ? error.message : String(error);
      logger.warn({ procedure, reason: redactSecrets(reason) }, 'dokploy unreachable');
      throw new DokployUnavailableError(redactSecrets(`Dokploy ${procedure}: ${reason}`), {
        procedure,
        cause: error,
      });
    }
    logger.debug({ procedure, status: response.status }, 'dokploy call');

    if (response.ok) {
      keysSeenWorking.add(keyPrint);
      return parseSuccessBody(procedure, body);
    }
    throw classifyFailure(procedure, response.status, body, keysSeenWorking.has(keyPrint));
  }

  async function parsed<T extends z.ZodType>(procedure: string, schema: T, raw: unknown) {
    const result = schema.safeParse(raw);
    if (result.success) return result.data as z.output<T>;
    const detail = describeIssue(result.error);
    throw new DokployResponseError(`Dokploy ${procedure} answered an unexpected shape: ${detail}`, {
      procedure,
      cause: result.error,
    });
  }

  return {
    async query(procedure, schema, params) {
      return parsed(procedure, schema, await call(procedure, { method: 'GET' }, params));
    },
    async mutate(procedure, schema, input) {
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      };
      return parsed(procedure, schema, await call(procedure, init));
    },
    callCount: () => calls,
  };
}

/** Accepts `https://host`, `https://host/` and `https://host/api`. */
function toApiBase(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api') ? trimmed : `${trimmed}/api`;
}

// `application.deploy` and `application.redeploy` answer 200 with an empty body.
function parseSuccessBody(procedure: string, body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new DokployResponseError(
      `Dokploy ${procedure} answered 2xx with a body that is not JSON`,
      {
        procedure,
        cause: error,
      },
    );
  }
}

function classifyFailure(procedure: string, status: number, body: string, keyWorked: boolean) {
  const said = redactSecrets(describeErrorBody(body));
  const options = { procedure, status };
  if (status === 401 || status === 403) {
    return new DokployAuthError(authMessage(procedure, status, keyWorked), {
      ...options,
      maybeRateLimited: status === 401 && keyWorked,
    });
  }
  if (status === 404) return new DokployNotFoundError(`Dokploy ${procedure}: ${said}`, options);
  if (status === 429 || status >= 500) {
    return new DokployUnavailableError(`Dokploy ${procedure} failed (${status}): ${said}`, options);
  }
  return new DokployRequestError(`Dokploy ${procedure} refused the request (${status}): ${said}`, {
    ...options,
  });
}

function authMessage(procedure: string, status: number, keyWorked: boolean): string {
  if (status === 403) {
    return `Dokploy ${procedure}: 403 Forbidden: the API key's user lacks permission for this.`;
  }
  if (keyWorked) {
    return (
      `Dokploy ${procedure}: 401 Unauthorized for an API key that worked earlier in this run. ` +
      'Dokploy may be rate-limiting the key ' +
      '(it answers 401, not 429, when the limit is used up). ' +
      'Create an API key with rate limiting turned off and use that one.'
    );
  }
  return (
    `Dokploy ${procedure}: 401 Unauthorized. Check DOKPLOY_API_KEY and that the key belongs to ` +
    'the organization that owns these services. ' +
    "A key created through Dokploy's API allows only a few calls a day " +
    'unless rate limiting is turned off.'
  );
}
