import type { z } from 'zod';

const MAX_TEXT = 200;

interface ErrorBody {
  message?: unknown;
  data?: { zodError?: { fieldErrors?: Record<string, unknown> } | null } | null;
}

/**
 * Dokploy's error bodies vary: `{message, code, data}` JSON for most errors, `{message}` alone for
 * 401, and plain text such as `Invalid JSON` (no content-type) when the body does not parse. Read
 * whatever came and keep Dokploy's words, with the failing input fields when it names them.
 */
export function describeErrorBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') return 'empty response';
  let parsed: ErrorBody | undefined;
  try {
    parsed = JSON.parse(trimmed) as ErrorBody;
  } catch {
    return shorten(trimmed);
  }
  if (typeof parsed?.message !== 'string') return shorten(trimmed);
  const fields = describeFieldErrors(parsed.data?.zodError?.fieldErrors);
  return fields ? `${parsed.message} (${fields})` : parsed.message;
}

function describeFieldErrors(fieldErrors: Record<string, unknown> | undefined): string {
  if (!fieldErrors || typeof fieldErrors !== 'object') return '';
  return Object.entries(fieldErrors)
    .map(([field, messages]) => {
      const first = Array.isArray(messages) ? messages[0] : messages;
      return `${field}: ${String(first)}`;
    })
    .join('; ');
}

function shorten(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** Names the first field that did not fit, as a path like `[0].environments[1].name`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'no details';
  const path = issue.path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : index === 0 ? `${String(key)}` : `.${String(key)}`,
    )
    .join('');
  return `${path || '(root)'}: ${issue.message}`;
}
