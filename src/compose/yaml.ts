import { type Document, isAlias, isNode, LineCounter, parseDocument, Scalar, visit } from 'yaml';
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
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
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
  applyComposeTags(document, lineCounter);
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    // Unknown anchors are caught above, so this is an alias count past the limit.
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
function applyComposeTags(document: Document, lineCounter: LineCounter): void {
  visit(document, (_key, node) => {
    if (isAlias(node) && node.resolve(document) === undefined) {
      // Checked here because the `yaml` package reports an unknown anchor only while converting,
      // without a position.
      const { line, col } = lineCounter.linePos(node.range?.[0] ?? 0);
      throw new ComposeFileError(
        `compose file uses alias *${node.source} at line ${line}, column ${col}, ` +
          `but no anchor &${node.source} comes before it`,
        { line, column: col },
      );
    }
    if (!isNode(node)) return undefined;
    if (node.tag === '!reset') return new Scalar(null);
    if (node.tag === '!override') node.tag = undefined;
    return undefined;
  });
}
