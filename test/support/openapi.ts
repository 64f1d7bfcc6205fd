import { readFileSync } from 'node:fs';
import { sharedPath } from './shared-facts.js';

// Checks a request against Dokploy's published OpenAPI document (v0.30.2), trimmed to the parts
// that describe inputs: paths, methods, query parameters and JSON body schemas. Dokploy's REST
// adapter drops undeclared fields silently, so a client that sends one is relying on nothing.

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

interface Operation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

export interface RequestToCheck {
  method: string;
  /** `/api/compose.one`, with or without a query string; the `/api` prefix is optional. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

const DEFAULT_DOCUMENT = sharedPath('dokploy', 'openapi.json');

let cached: OpenApiDocument | undefined;

export function loadDokployOpenApi(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(DEFAULT_DOCUMENT, 'utf8')) as OpenApiDocument;
  return cached;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a JSON value fits a schema's type, enum and anyOf (not ranges or patterns). */
function fits(value: unknown, schema: Schema): boolean {
  if (schema.anyOf) return schema.anyOf.some((option) => fits(value, option));
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.type === undefined) return true;
  const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual = typeOf(value);
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}

function checkQuery(op: Operation, query: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const declared = new Map(
    (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]),
  );
  for (const name of Object.keys(query)) {
    if (!declared.has(name)) problems.push(`query parameter "${name}" is not declared`);
  }
  for (const param of declared.values()) {
    if (param.required && query[param.name] === undefined) {
      problems.push(`required query parameter "${param.name}" is missing`);
    }
    const value = query[param.name];
    if (value !== undefined && param.schema?.enum && !param.schema.enum.includes(value)) {
      problems.push(
        `query parameter "${param.name}" is not one of ${param.schema.enum.join(', ')}`,
      );
    }
  }
  return problems;
}

function checkBody(op: Operation, body: unknown): string[] {
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema)
    return body === undefined || body === null ? [] : ['a body is sent but none is declared'];
  if (typeOf(body) !== 'object') return ['the body must be a JSON object'];
  const fields = body as Record<string, unknown>;
  const properties = schema.properties ?? {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const property = properties[name];
    if (!property) problems.push(`body field "${name}" is not declared`);
    else if (!fits(value, property)) problems.push(`body field "${name}" has the wrong type`);
  }
  for (const name of schema.required ?? []) {
    if (!(name in fields)) problems.push(`required body field "${name}" is missing`);
  }
  return problems;
}

/**
 * Lists what is wrong with one request by Dokploy's OpenAPI document: the path exists, the
 * method is the declared one, every query/body field is declared, required ones are present
 * and body values have a declared type. An empty list means the request conforms.
 */
export function checkRequestAgainstOpenApi(
  request: RequestToCheck,
  document: OpenApiDocument = loadDokployOpenApi(),
): string[] {
  const url = new URL(request.path, 'http://dokploy');
  const path = url.pathname.replace(/^\/api(?=\/)/, '');
  const query: Record<string, string | undefined> = {
    ...Object.fromEntries(url.searchParams),
    ...request.query,
  };
  const operations = document.paths[path];
  if (!operations) return [`path ${path} is not in Dokploy's API`];
  const method = request.method.toLowerCase();
  const op = operations[method];
  if (!op) {
    const declared = Object.keys(operations).join(', ').toUpperCase();
    return [`${request.method.toUpperCase()} ${path} is not declared (only ${declared})`];
  }
  if (method === 'get' && request.body !== undefined && request.body !== null) {
    return [...checkQuery(op, query), 'a GET request carries a body'];
  }
  return method === 'get'
    ? checkQuery(op, query)
    : [...checkQuery(op, query), ...checkBody(op, request.body)];
}
