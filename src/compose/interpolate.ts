import { ComposeInterpolationError } from './errors.js';

/** The variables compose interpolates with: name → value. An absent name is unset. */
export type ComposeVariables = Readonly<Record<string, string>>;

export interface Interpolated<T> {
  value: T;
  /** One entry per unset variable used without a default; compose warns the same way. */
  warnings: string[];
}

// Compose spec, "Interpolation": https://github.com/compose-spec/compose-spec/blob/main/12-interpolation.md
// The reference implementation (compose-go) leaves a `$` that starts no expression as it is,
// and only rejects `${` that is not followed by a valid expression.
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
// Like compose-go, the text after the operator may not span lines.
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$/;

interface Context {
  variables: ComposeVariables;
  unset: Set<string>;
  path: string | undefined;
}

/** Interpolates one string as compose does for every string value of a compose file. */
export function interpolate(text: string, variables: ComposeVariables): Interpolated<string> {
  const context: Context = { variables, unset: new Set(), path: undefined };
  const value = substitute(text, context);
  return { value, warnings: unsetWarnings(context.unset) };
}

/**
 * Interpolates every string value of a parsed YAML tree (keys are left alone, as compose leaves
 * them). Returns a new tree; the input is not changed.
 */
export function interpolateTree(tree: unknown, variables: ComposeVariables): Interpolated<unknown> {
  const unset = new Set<string>();
  const value = walk(tree, '', { variables, unset, path: undefined });
  return { value, warnings: unsetWarnings(unset) };
}

function walk(node: unknown, path: string, context: Context): unknown {
  if (typeof node === 'string') return substitute(node, { ...context, path: path || undefined });
  if (Array.isArray(node))
    return node.map((item, index) => walk(item, `${path}[${index}]`, context));
  if (node !== null && typeof node === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      copy[key] = walk(value, path ? `${path}.${key}` : key, context);
    }
    return copy;
  }
  return node;
}

function unsetWarnings(unset: Set<string>): string[] {
  return [...unset].map((name) => `variable ${name} is not set; an empty string was substituted`);
}

function substitute(text: string, context: Context): string {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar < 0) break;
    out += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      index = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(text, dollar + 2);
      if (close < 0) throw invalidTemplate(dollar, context);
      out += expand(text.slice(dollar + 2, close), dollar, context);
      index = close + 1;
    } else {
      NAME.lastIndex = dollar + 1;
      const name = NAME.exec(text)?.[0];
      if (name === undefined) {
        out += '$';
        index = dollar + 1;
      } else {
        out += lookup(name, context);
        index = dollar + 1 + name.length;
      }
    }
  }
  return out + text.slice(index);
}

/** Finds the `}` that closes an expression, counting nested `${` so defaults can nest. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '$' && text[index + 1] === '$') {
      index++;
    } else if (text[index] === '$' && text[index + 1] === '{') {
      depth++;
      index++;
    } else if (text[index] === '}' && --depth === 0) {
      return index;
    }
  }
  return -1;
}

function expand(body: string, offset: number, context: Context): string {
  const match = BRACED.exec(body);
  if (!match) throw invalidTemplate(offset, context);
  const [, name = '', operator, argument = ''] = match;
  const value = context.variables[name];
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';
  switch (operator) {
    case undefined:
      return lookup(name, context);
    case ':-':
      return isNonEmpty ? value : substitute(argument, context);
    case '-':
      return isSet ? value : substitute(argument, context);
    case ':+':
      return isNonEmpty ? substitute(argument, context) : '';
    case '+':
      return isSet ? substitute(argument, context) : '';
    case ':?':
      if (isNonEmpty) return value;
      throw required(name, isSet ? 'is empty' : 'is not set', argument, context);
    case '?':
      if (isSet) return value;
      throw required(name, 'is not set', argument, context);
    default:
      throw invalidTemplate(offset, context);
  }
}

function lookup(name: string, context: Context): string {
  const value = context.variables[name];
  if (value !== undefined) return value;
  context.unset.add(name);
  return '';
}

function required(name: string, state: string, message: string, context: Context) {
  const detail = message === '' ? '' : `: ${message}`;
  return new ComposeInterpolationError(`required variable ${name} ${state}${detail}`, {
    variable: name,
    path: context.path,
  });
}

// The text is not quoted: compose files sometimes hold literal passwords. The path and the
// character position are enough to find the mistake.
function invalidTemplate(offset: number, context: Context) {
  const message = `invalid interpolation syntax at character ${offset + 1}: expected \${NAME}, \${NAME<op>text} or $$`;
  return new ComposeInterpolationError(message, { path: context.path });
}
