// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are compose and Dokploy syntax under test
import { describe, expect, it } from 'vitest';
import {
  ComposeInterpolationError,
  interpolate,
  interpolateTree,
} from '../../../src/compose/index.js';

const vars = { SET: 'value', EMPTY: '', TAG: '1.2', REG: 'ghcr.io/acme' };

describe('interpolate', () => {
  it.each([
    ['plain text', 'nginx:latest', 'nginx:latest'],
    ['$VAR', 'app:$TAG', 'app:1.2'],
    ['$VAR ends at a non-name character', '$REG/app:$TAG-alpine', 'ghcr.io/acme/app:1.2-alpine'],
    ['${VAR}', '${REG}/app:${TAG}', 'ghcr.io/acme/app:1.2'],
    ['${VAR} joined to letters', 'x${TAG}y', 'x1.2y'],
    ['$$ is a literal dollar', 'pa$$word', 'pa$word'],
    ['$${VAR} is not interpolated', 'echo $${SET}', 'echo ${SET}'],
    [':- with set', '${SET:-d}', 'value'],
    [':- with empty', '${EMPTY:-d}', 'd'],
    [':- with unset', '${NOPE:-d}', 'd'],
    ['- with set', '${SET-d}', 'value'],
    ['- with empty keeps empty', '${EMPTY-d}', ''],
    ['- with unset', '${NOPE-d}', 'd'],
    [':+ with set', '${SET:+alt}', 'alt'],
    [':+ with empty', '${EMPTY:+alt}', ''],
    [':+ with unset', '${NOPE:+alt}', ''],
    ['+ with set', '${SET+alt}', 'alt'],
    ['+ with empty', '${EMPTY+alt}', 'alt'],
    ['+ with unset', '${NOPE+alt}', ''],
    [':? with set', '${SET:?needed}', 'value'],
    ['? with empty is fine', '${EMPTY?needed}', ''],
    ['empty default', '${NOPE:-}', ''],
    ['default with spaces and colons', '${NOPE:-a b:c}', 'a b:c'],
    ['nested default, inner set', '${NOPE:-${TAG:-x}}', '1.2'],
    ['nested default, inner unset', '${NOPE:-${ALSO:-x}}', 'x'],
    ['three levels', '${A:-${B:-${C:-deep}}}', 'deep'],
    ['default with $VAR', '${NOPE:-$REG/app}', 'ghcr.io/acme/app'],
    ['alternative with ${VAR}', '${SET:+v${TAG}}', 'v1.2'],
    ['default with $$', '${NOPE:-a$$b}', 'a$b'],
    ['default spanning lines', '${NOPE:-a\nb}', 'a\nb'],
    ['message with a variable', '${SET:?need $TAG}', 'value'],
    ['a { in a default closes at the first }', '${NOPE:-{x}}', '{x}'],
    ['lower-case names', '${lower:-l}', 'l'],
  ])('%s', (_case, text, expected) => {
    const result = interpolate(text, vars);

    expect(result.value).toBe(expected);
    expect(result.warnings).toEqual([]);
  });

  it('treats names as case-sensitive', () => {
    expect(interpolate('${set:-no}', vars).value).toBe('no');
  });

  it.each([
    ['$NOPE', 'x$NOPE', 'x'],
    ['${NOPE}', 'a${NOPE}b', 'ab'],
  ])('substitutes an empty string for unset %s and warns once', (_case, text, expected) => {
    const result = interpolate(`${text} ${text}`, vars);

    expect(result.value).toBe(`${expected} ${expected}`);
    expect(result.warnings).toEqual(['variable NOPE is not set; an empty string was substituted']);
  });

  it('does not warn for unset variables that have a default or alternative', () => {
    expect(interpolate('${A:-x}${B-y}${C:+z}${D+w}', vars).warnings).toEqual([]);
  });

  it('interpolates a default even when it is not used, as compose does', () => {
    expect(interpolate('${SET:-$UNUSED}', vars)).toEqual({
      value: 'value',
      warnings: ['variable UNUSED is not set; an empty string was substituted'],
    });
    expect(() => interpolate('${SET:-${MISSING:?boom}}', vars)).toThrow(
      'required variable MISSING is not set: boom',
    );
  });

  it.each([
    [
      ':? unset',
      '${NOPE:?set NOPE in Dokploy}',
      'NOPE',
      'required variable NOPE is not set: set NOPE in Dokploy',
    ],
    [
      ':? empty',
      '${EMPTY:?must not be empty}',
      'EMPTY',
      'required variable EMPTY is empty: must not be empty',
    ],
    ['? unset', '${NOPE?gone}', 'NOPE', 'required variable NOPE is not set: gone'],
    [':? without message', '${NOPE:?}', 'NOPE', 'required variable NOPE is not set'],
    [
      'nested in a default',
      '${A:-${NOPE:?inner}}',
      'NOPE',
      'required variable NOPE is not set: inner',
    ],
    [
      'message is interpolated',
      '${NOPE:?set it, now $TAG}',
      'NOPE',
      'required variable NOPE is not set: set it, now 1.2',
    ],
  ])('throws for %s, naming the variable and the message', (_case, text, variable, message) => {
    const thrown = catchError(() => interpolate(text, vars));

    expect(thrown).toBeInstanceOf(ComposeInterpolationError);
    expect(thrown).toMatchObject({ variable, message });
  });

  it.each([
    ['empty braces', '${}'],
    ['unclosed brace', 'app:${TAG'],
    ['name starting with a digit', '${1X}'],
    ['unknown operator', '${SET:x}'],
    ['dotted name', '${A.B}'],
    ['space in name', '${ SET}'],
    ['a $ before a digit', 'cost $5'],
    ['a $ before punctuation', 'a $- b'],
    ['a trailing $', 'end$'],
    ['a lone $ inside a default', '${NOPE:-$}'],
  ])('rejects invalid syntax: %s', (_case, text) => {
    const thrown = catchError(() => interpolate(text, vars));

    expect(thrown).toBeInstanceOf(ComposeInterpolationError);
    expect((thrown as Error).message).toMatch(/invalid interpolation syntax/);
  });

  it('never puts a variable value into an error message', () => {
    const secret = { TOKEN: 's3cr3t-value' };

    const thrown = catchError(() => interpolate('$TOKEN ${TOKEN} ${', secret));

    expect((thrown as Error).message).not.toContain('s3cr3t');
  });
});

describe('interpolateTree', () => {
  it('interpolates string values at any depth and leaves keys and other scalars alone', () => {
    const tree = {
      services: { $SET: { image: '$REG/app:${TAG}', ports: ['${PORT:-80}:80', 8080], ro: true } },
    };

    const result = interpolateTree(tree, vars);

    expect(result.value).toEqual({
      services: { $SET: { image: 'ghcr.io/acme/app:1.2', ports: ['80:80', 8080], ro: true } },
    });
    expect(tree.services.$SET.image).toBe('$REG/app:${TAG}');
  });

  it('collects each unset variable once across the tree', () => {
    const result = interpolateTree({ a: '$X', b: ['${X}', '$Y'] }, {});

    expect(result.warnings).toEqual([
      'variable X is not set; an empty string was substituted',
      'variable Y is not set; an empty string was substituted',
    ]);
  });

  it('names the path of a failing value', () => {
    const thrown = catchError(() =>
      interpolateTree({ services: { web: { environment: ['A=${NEED:?x}'] } } }, {}),
    );

    expect(thrown).toMatchObject({
      variable: 'NEED',
      path: 'services.web.environment[0]',
      message: 'services.web.environment[0]: required variable NEED is not set: x',
    });
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
