import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { createDokployClient } from '../../../src/dokploy/index.js';
import { createLogger, type Logger } from '../../../src/log/index.js';

/**
 * A throwaway HTTP server that answers with the real exchanges recorded from Dokploy v0.30.2
 * (shared/dokploy/recorded): same status, same content-type, same body bytes. Any request that no
 * route expects gets a 599 and is kept in `unexpected`, so a test sees stray calls.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const recordedDir = resolve(repoRoot, '../shared/dokploy/recorded');

export interface Reply {
  status: number;
  contentType?: string;
  text: string;
  /** Never answer: for deadline tests. */
  hang?: boolean;
}

interface RecordedFile {
  response: {
    status: number;
    headers: { 'content-type'?: string };
    body: unknown;
    body_encoding: 'json' | 'text' | 'empty';
  };
}

export function recorded(name: string): Reply {
  const file = JSON.parse(readFileSync(resolve(recordedDir, name), 'utf8')) as RecordedFile;
  const { status, headers, body, body_encoding } = file.response;
  const text = body_encoding === 'json' ? JSON.stringify(body) : String(body);
  return { status, contentType: headers['content-type'], text };
}

/** The parsed JSON body of a recorded response, to edit before serving it with `json()`. */
export function recordedBody(name: string): unknown {
  return JSON.parse(recorded(name).text);
}

export function json(body: unknown, status = 200): Reply {
  return { status, contentType: 'application/json', text: JSON.stringify(body) };
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
}

/** `"GET /api/compose.one"` → replies served in order; the last one repeats. */
export type Routes = Record<string, Reply[]>;

export interface RecordedServer {
  url: string;
  requests: SeenRequest[];
  unexpected: SeenRequest[];
  close(): Promise<void>;
}

export async function startRecordedServer(routes: Routes): Promise<RecordedServer> {
  const requests: SeenRequest[] = [];
  const unexpected: SeenRequest[] = [];
  const served = new Map<string, number>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(seen);
    const key = `${seen.method} ${seen.path}`;
    const replies = routes[key];
    if (!replies?.length) {
      unexpected.push(seen);
      res.writeHead(599).end('unexpected request');
      return;
    }
    const index = served.get(key) ?? 0;
    served.set(key, index + 1);
    const reply = replies[Math.min(index, replies.length - 1)] as Reply;
    if (reply.hang) return;
    res.writeHead(reply.status, reply.contentType ? { 'content-type': reply.contentType } : {});
    res.end(reply.text);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A JSON logger at debug level whose lines the test can read. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', pretty: false, destination }), lines };
}

/**
 * `clientFor(routes)` starts a recorded server for one test and a Dokploy client on it; the
 * server is closed after each test.
 */
export function recordedClients(apiKey: string) {
  let current: RecordedServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async function clientFor(routes: Routes, baseSuffix = '') {
    current = await startRecordedServer(routes);
    const { logger, lines } = captureLogger();
    const client = createDokployClient({ baseUrl: current.url + baseSuffix, apiKey, logger });
    return { client, server: current, lines };
  };
}
