import { isNode, parseDocument, Scalar, visit } from 'yaml';
import { ComposeFileError } from './errors.js';

// Compose reads YAML 1.2 but keeps YAML 1.1 merge keys (`<<: *base`), which the `yaml` package
// only applies when asked. Duplicate keys are an error in compose as well. The alias limit stops
// "billion laughs" files from expanding without bound.
const PARSE_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: true } as const;
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses compose YAML into plain data, as compose sees it before interpolation.
 * Throws `ComposeFileError` naming the line of the first syntax error.
 */
export function parseComposeYaml(text: string): unknown {
  const document = parseDocument(text, PARSE_OPTIONS);
  const [error] = document.errors;
  if (error) {
    const position = error.linePos?.[0];
    // Only the first line of the parser's message: the rest quotes the file, which may hold a
    // literal password. For the same reason the parser's error is not kept as the cause.
    const summary = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    const where = position ? ` at line ${position.line}, column ${position.col}` : '';
    throw new ComposeFileError(
      `compose file is not valid YAML${where}: ${summary}`,
      position && { line: position.line, column: position.col },
    );
  }
  applyComposeTags(document);
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    // toJS throws only for alias trouble (too many, or an alias to an anchor defined later).
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ComposeFileError(`compose file aliases cannot be resolved: ${reason}`);
  }
}

/**
 * Compose's own tags: `!reset` drops an inherited value and `!override` replaces it instead of
 * merging. With YAML merge keys an explicit key already replaces the merged one, so `!reset`
 * becomes null (compose's "not set") and `!override` just loses its tag. Left as they are, the
 * `yaml` package would read `!reset null` as the string "null".
 */
function applyComposeTags(document: ReturnType<typeof parseDocument>): void {
  visit(document, (_key, node) => {
    if (!isNode(node)) return undefined;
    if (node.tag === '!reset') return new Scalar(null);
    if (node.tag === '!override') node.tag = undefined;
    return undefined;
  });
}
