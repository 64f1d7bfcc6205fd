/**
 * Reads Dokploy's env text (the `env` field of a service, project or environment) the way
 * Dokploy reads it: Dokploy parses these fields with the `dotenv` package (16.x), so this follows
 * that package's observable rules rather than a shell's or compose's:
 * - `KEY=VALUE` or `KEY: VALUE`, with an optional `export ` before the key; keys are made of
 *   letters, digits, `_`, `.` and `-`; lines that do not look like that are skipped;
 * - an unquoted value ends at the first `#` and is trimmed, and `=` may appear in it;
 * - a value in '…', "…" or `…` may span lines and keeps `#`; inside "…", `\n` and `\r` become
 *   a newline and a carriage return, and every other backslash stays as written;
 * - a later line for the same key wins.
 */
export function parseEnvLines(text: string | null | undefined): Record<string, string> {
  const source = (text ?? '').replace(/\r\n?/g, '\n');
  const vars: Record<string, string> = {};
  let index = 0;
  while (index < source.length) {
    const entry = readEntry(source, index);
    if (entry.key !== undefined) vars[entry.key] = entry.value;
    index = entry.next;
  }
  return vars;
}

const LEAD = /\s*(?:export\s+(?=[\w.-]+(?:\s*=|:\s)))?([\w.-]+)(?:\s*=|:\s)/y;

interface Entry {
  key?: string;
  value: string;
  /** Where the next entry starts: the beginning of a line. */
  next: number;
}

function readEntry(source: string, start: number): Entry {
  LEAD.lastIndex = start;
  const lead = LEAD.exec(source);
  if (!lead) return { value: '', next: endOfLine(source, start) + 1 };
  const key = lead[1];
  let index = LEAD.lastIndex;
  while (source[index] === ' ' || source[index] === '\t') index++;

  const quoted = readQuoted(source, index);
  if (quoted) return { key, value: quoted.value, next: quoted.next };

  const lineEnd = endOfLine(source, index);
  const hash = source.indexOf('#', index);
  const valueEnd = hash >= 0 && hash < lineEnd ? hash : lineEnd;
  return { key, value: unquoteLoose(source.slice(index, valueEnd).trim()), next: lineEnd + 1 };
}

/** A value in quotes, if the quote closes and nothing but a comment follows it on its line. */
function readQuoted(source: string, open: number): { value: string; next: number } | undefined {
  const quote = source[open];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  let index = open + 1;
  while (index < source.length && source[index] !== quote) {
    // A backslash before the quote character keeps the quote inside the value.
    index += source[index] === '\\' && source[index + 1] === quote ? 2 : 1;
  }
  if (index >= source.length) return undefined;
  const lineEnd = endOfLine(source, index);
  const rest = source.slice(index + 1, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  const inner = source.slice(open + 1, index);
  return { value: quote === '"' ? expandEscapes(inner) : inner, next: lineEnd + 1 };
}

/**
 * dotenv's fallback for a quoted value followed by more text (`'it's'`) or never closed: the
 * line up to `#` is the value, with matching outer quotes removed, and a value that opens with a
 * double quote still has its escapes expanded.
 */
function unquoteLoose(raw: string): string {
  const first = raw[0];
  const isQuote = first === '"' || first === "'" || first === '`';
  const inner = isQuote && raw.length >= 2 && raw.endsWith(first) ? raw.slice(1, -1) : raw;
  return first === '"' ? expandEscapes(inner) : inner;
}

function expandEscapes(value: string): string {
  return value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
}

function endOfLine(source: string, from: number): number {
  const newline = source.indexOf('\n', from);
  return newline < 0 ? source.length : newline;
}
