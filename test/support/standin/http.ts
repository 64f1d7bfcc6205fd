import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiKeyGate, KeyVerdict } from './auth.js';
import { errorBody, ProcedureError } from './errors.js';
import { PROCEDURES, type ProcedureContext } from './procedures/index.js';

/** One request as the stand-in saw it, for tests that check what a client sent. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/compose.one`. */
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** Parsed JSON, the raw text when it was not JSON, or null without a body. */
  body: unknown;
  /** The key's verdict; the key itself is never kept. */
  apiKey: KeyVerdict;
  status: number;
}

const JSON_TYPE = 'application/json';
// Responses made outside tRPC (auth gate, health) carry a charset, as recorded.
const JSON_UTF8 = 'application/json; charset=utf-8';

function send(res: ServerResponse, status: number, body: unknown, type = JSON_TYPE): number {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.end(body === undefined ? '' : JSON.stringify(body));
  return status;
}

function sendError(res: ServerResponse, error: ProcedureError, path?: string): number {
  return send(res, error.status, errorBody(error, path));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface Handler {
  gate: ApiKeyGate;
  ctx: ProcedureContext;
  requests: RecordedRequest[];
}

export async function handleRequest(
  handler: Handler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const method = req.method ?? 'GET';
  const contentType = req.headers['content-type'];
  const text = await readBody(req);
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    contentType,
    body: text === '' ? null : text,
    apiKey: 'missing',
    status: 0,
  };
  handler.requests.push(record);
  const header = req.headers['x-api-key'];
  const apiKey = Array.isArray(header) ? header[0] : header;
  record.status = await respond(handler, { method, url, contentType, apiKey, text, record }, res);
}

interface Incoming {
  method: string;
  url: URL;
  contentType: string | undefined;
  apiKey: string | undefined;
  text: string;
  record: RecordedRequest;
}

async function respond(handler: Handler, incoming: Incoming, res: ServerResponse): Promise<number> {
  const { method, url, contentType, text, record } = incoming;
  if (url.pathname === '/api/health' && method === 'GET') {
    return send(res, 200, { ok: true }, JSON_UTF8);
  }

  // Next.js parses JSON bodies before Dokploy's handler runs, so this precedes the key check
  // and answers in plain text with no content-type (recorded 450).
  let body: unknown;
  if (contentType?.startsWith(JSON_TYPE) && text !== '') {
    try {
      body = JSON.parse(text);
      record.body = body;
    } catch {
      res.statusCode = 400;
      res.end('Invalid JSON');
      return 400;
    }
  }

  record.apiKey = handler.gate.check(incoming.apiKey);
  if (record.apiKey !== 'valid') return send(res, 401, { message: 'Unauthorized' }, JSON_UTF8);

  const name = url.pathname.replace(/^\/api\//, '');
  const procedure = PROCEDURES.get(name);
  const wanted = procedure?.kind === 'mutation' ? 'POST' : 'GET';
  if (!url.pathname.startsWith('/api/') || !procedure || method !== wanted) {
    return sendError(res, new ProcedureError('NOT_FOUND', 'Not found'));
  }
  if (procedure.kind === 'mutation') {
    if (!contentType) {
      return sendError(
        res,
        new ProcedureError('UNSUPPORTED_MEDIA_TYPE', 'Missing content-type header'),
        name,
      );
    }
    if (!contentType.startsWith(JSON_TYPE)) {
      // The unbalanced quote is Dokploy's own text (recorded 380).
      const message = `Unsupported content-type "${contentType.split(';')[0]}`;
      return sendError(res, new ProcedureError('UNSUPPORTED_MEDIA_TYPE', message), name);
    }
  }

  const raw = procedure.kind === 'mutation' ? (body ?? {}) : Object.fromEntries(url.searchParams);
  const parsed = procedure.input.safeParse(raw);
  if (!parsed.success) {
    return sendError(
      res,
      new ProcedureError('BAD_REQUEST', 'Input validation failed', parsed.error),
      name,
    );
  }
  try {
    return send(res, 200, await procedure.run(parsed.data, handler.ctx));
  } catch (error) {
    if (error instanceof ProcedureError) return sendError(res, error, name);
    const message = error instanceof Error ? error.message : 'Internal server error';
    return sendError(res, new ProcedureError('INTERNAL_SERVER_ERROR', message), name);
  }
}
