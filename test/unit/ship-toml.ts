/**
 * Reads the small part of TOML that Dokploy templates use: `[table]`, `[[array.of.tables]]`,
 * basic strings, multi-line basic strings, integers with `_`, booleans, and one-line arrays of
 * those. Anything else throws, so a template that needs more shows up as a failing test.
 */
type Value = string | number | boolean | Value[] | Table;
export interface Table {
  [key: string]: Value;
}

export function parseToml(text: string): Table {
  const root: Table = {};
  let current = root;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i] ?? '').trim();
    if (line === '') continue;
    const arrayHeader = /^\[\[([\w.-]+)\]\]$/.exec(line);
    const header = /^\[([\w.-]+)\]$/.exec(line);
    if (arrayHeader?.[1]) {
      const path = arrayHeader[1].split('.');
      const parent = walk(root, path.slice(0, -1));
      const key = path.at(-1) ?? '';
      if (!Array.isArray(parent[key])) parent[key] = [];
      current = {};
      (parent[key] as Value[]).push(current);
      continue;
    }
    if (header?.[1]) {
      current = walk(root, header[1].split('.'));
      continue;
    }
    const pair = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (!pair?.[1]) throw new Error(`unsupported TOML line ${i + 1}: ${line}`);
    const raw = pair[2] ?? '';
    if (raw.startsWith('"""')) {
      const body: string[] = [];
      let rest = raw.slice(3);
      while (!rest.includes('"""')) {
        body.push(rest);
        i += 1;
        if (i >= lines.length) throw new Error('unterminated multi-line string');
        rest = lines[i] ?? '';
      }
      body.push(rest.slice(0, rest.indexOf('"""')));
      // TOML drops the newline right after the opening quotes.
      current[pair[1]] = body.join('\n').replace(/^\n/, '');
      continue;
    }
    current[pair[1]] = parseValue(raw);
  }
  return root;
}

function walk(root: Table, path: string[]): Table {
  let table = root;
  for (const key of path) {
    const next = table[key];
    if (Array.isArray(next)) {
      table = next.at(-1) as Table;
    } else {
      if (next === undefined) table[key] = {};
      table = table[key] as Table;
    }
  }
  return table;
}

function parseValue(raw: string): Value {
  const text = raw.trim();
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[+-]?\d[\d_]*$/.test(text)) return Number(text.replaceAll('_', ''));
  if (text === '{}') return {};
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : (JSON.parse(`[${inner.replace(/,\s*$/, '')}]`) as Value[]);
  }
  throw new Error(`unsupported TOML value: ${text}`);
}

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== '\\') inString = !inString;
    if (line[i] === '#' && !inString) return line.slice(0, i);
  }
  return line;
}
