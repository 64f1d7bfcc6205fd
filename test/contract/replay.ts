import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { sharedPath } from '../support/shared-facts.js';

// Helpers for replaying the recorded Dokploy exchanges against the stand-in.

export interface Exchange {
  file: string;
  request: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body: unknown;
  };
  response: {
    status: number;
    headers: Record<string, string>;
    body: unknown;
    body_encoding: 'json' | 'text' | 'empty';
  };
}

const RECORDED = sharedPath('dokploy', 'recorded');

export function loadExchanges(): Exchange[] {
  return readdirSync(RECORDED)
    .filter((file) => /^\d{3}-.*\.json$/.test(file))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) }));
}

export interface RawResponse {
  status: number;
  contentType: string | undefined;
  text: string;
}

/**
 * Sends exactly the headers given. `fetch` would add a text/plain content type to a string
 * body, which would hide the missing-content-type case (recorded 370).
 */
export function sendRaw(
  base: string,
  method: string,
  pathWithQuery: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathWithQuery, base);
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Differences in keys and value types, recursively; arrays must also match in length. */
export function shapeDiff(expected: unknown, actual: unknown, at = '$'): string[] {
  const want = kind(expected);
  const got = kind(actual);
  if (want !== got) return [`${at}: expected ${want}, got ${got}`];
  if (want === 'array') {
    const a = expected as unknown[];
    const b = actual as unknown[];
    if (a.length !== b.length) return [`${at}: expected ${a.length} items, got ${b.length}`];
    return a.flatMap((item, i) => shapeDiff(item, b[i], `${at}[${i}]`));
  }
  if (want !== 'object') return [];
  const a = expected as Record<string, unknown>;
  const b = actual as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(a)) {
    if (!(key in b)) problems.push(`${at}.${key}: missing`);
    else problems.push(...shapeDiff(a[key], b[key], `${at}.${key}`));
  }
  for (const key of Object.keys(b)) if (!(key in a)) problems.push(`${at}.${key}: unexpected`);
  return problems;
}

const ID_KEYS = new Set([
  'projectId',
  'environmentId',
  'composeId',
  'applicationId',
  'deploymentId',
  'organizationId',
  'appName',
]);

/** Records recorded-id → stand-in-id for every id-like field found in both bodies. */
export function learnIds(expected: unknown, actual: unknown, ids: Map<string, string>): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (const [i, item] of expected.entries()) learnIds(item, actual[i], ids);
    return;
  }
  if (kind(expected) !== 'object' || kind(actual) !== 'object') return;
  const a = expected as Record<string, unknown>;
  const b = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(a)) {
    const mine = b[key];
    if (ID_KEYS.has(key) && typeof value === 'string' && typeof mine === 'string') {
      const known = ids.get(value);
      if (known === undefined) ids.set(value, mine);
    } else {
      learnIds(value, mine, ids);
    }
  }
}

/** Replaces learned ids (whole strings) and other recorded values (substrings) in a request. */
export function substitute(
  value: unknown,
  ids: Map<string, string>,
  texts: Array<[string, string]>,
): unknown {
  if (typeof value === 'string') {
    const id = ids.get(value);
    if (id !== undefined) return id;
    return texts.reduce((text, [from, to]) => text.split(from).join(to), value);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, ids, texts));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, ids, texts)]),
    );
  }
  return value;
}
