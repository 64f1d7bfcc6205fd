import { ComposeInterpolationError } from './errors.js';

/** The variables compose interpolates with: name → value. An absent name is unset. */
export type ComposeVariables = Readonly<Record<string, string>>;

export interface Interpolated<T> {
  value: T;
  /** One entry per unset variable used without a default; compose warns the same way. */
  warnings: string[];
}

// Compose spec, "Interpolation":
// https://github.com/compose-spec/compose-spec/blob/main/12-interpolation.md
// Behaviour follows the reference implementation (compose-go, template package), including its
// less obvious choices: a `$` that starts no expression (`$5`, a trailing `$`) is an error, not
// a literal, and the text after an operator is interpolated even when it is not used, so an
// unset variable there still warns and a required one there still fails.
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/;

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
      if (name === undefined) throw invalidTemplate(dollar, context);
      out += lookup(name, context);
      index = dollar + 1 + name.length;
    }
  }
  return out + text.slice(index);
}

/**
 * Finds the `}` that closes an expression, counting nested `${` so defaults can nest. A plain `{`
 * is not counted, so `${A:-{x}}` gives `{x` followed by a literal `}`, as in compose.
 */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '$' && text[index + 1] === '{') {
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
  const [, name = '', operator, text = ''] = match;
  if (operator === undefined) return lookup(name, context);
  const argument = substitute(text, context);
  const value = context.variables[name];
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';
  switch (operator) {
    case ':-':
      return isNonEmpty ? value : argument;
    case '-':
      return isSet ? value : argument;
    case ':+':
      return isNonEmpty ? argument : '';
    case '+':
      return isSet ? argument : '';
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
  // biome-ignore lint/suspicious/noTemplateCurlyInString: compose syntax, shown to the user
  const expected = 'expected $NAME, ${NAME}, ${NAME<operator>text} or $$ for a literal $';
  const message = `invalid interpolation syntax at character ${offset + 1}: ${expected}`;
  return new ComposeInterpolationError(message, { path: context.path });
}
