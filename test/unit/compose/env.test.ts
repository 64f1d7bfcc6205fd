// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are compose and Dokploy syntax under test
import { describe, expect, it } from 'vitest';
import { parseEnvLines } from '../../../src/compose/index.js';

describe('parseEnvLines', () => {
  it.each([
    ['a plain pair', 'A=1', { A: '1' }],
    ['several lines', 'A=1\nB=two', { A: '1', B: 'two' }],
    ['CRLF line ends', 'A=1\r\nB=2\r\n', { A: '1', B: '2' }],
    ['blank lines and comments', '\n# a comment\n\n  # indented\nA=1\n\n', { A: '1' }],
    ['export prefix', 'export A=1\nexport  B=2', { A: '1', B: '2' }],
    ['a key named export', 'export=yes', { export: 'yes' }],
    ['spaces around = and the value', '  A  =  spaced out  ', { A: 'spaced out' }],
    ['colon separator', 'A: 1', { A: '1' }],
    [
      '= inside the value',
      'URL=postgres://u:p@db/x?a=b&c=d',
      { URL: 'postgres://u:p@db/x?a=b&c=d' },
    ],
    ['empty value', 'A=\nB=2', { A: '', B: '2' }],
    ['inline comment', 'A=value # note', { A: 'value' }],
    ['# ends an unquoted value even without a space', 'A=abc#def', { A: 'abc' }],
    ['keys with dots and dashes', 'a.b-c_D=1', { 'a.b-c_D': '1' }],
    ['later line wins', 'A=1\nA=2', { A: '2' }],
    ['lines without = are skipped', 'just words\nA=1\nB', { A: '1' }],
    ['a key with a space is skipped', 'MY KEY=1\nA=2', { A: '2' }],
    ['single quotes', "A='x # y'", { A: 'x # y' }],
    ['single quotes keep escapes', "A='a\\nb'", { A: 'a\\nb' }],
    ['double quotes', 'A="x # y"', { A: 'x # y' }],
    ['double quotes expand \\n and \\r', 'A="a\\nb\\rc"', { A: 'a\nb\rc' }],
    ['double quotes keep other backslashes', 'A="a\\tb\\\\c"', { A: 'a\\tb\\\\c' }],
    ['an escaped double quote stays escaped', 'A="say \\"hi\\""', { A: 'say \\"hi\\"' }],
    ['backticks', 'A=`it\'s "q"`', { A: 'it\'s "q"' }],
    ['quoted value keeps inner spaces', 'A="  padded  "', { A: '  padded  ' }],
    ['quoted value then a comment', 'A="v" # note\nB=2', { A: 'v', B: '2' }],
    [
      'multi-line double quotes',
      'KEY="-----BEGIN\nline\n-----END"\nB=2',
      { KEY: '-----BEGIN\nline\n-----END', B: '2' },
    ],
    ['quote with text after it falls back to the line', "A='it's'", { A: "it's" }],
    ['unclosed double quote is taken as written', 'A="open\nB=2', { A: '"open', B: '2' }],
    ['dollar signs are kept', 'A=$HOME/${X}', { A: '$HOME/${X}' }],
    ['Dokploy references are kept', 'A=${{project.DB}}', { A: '${{project.DB}}' }],
  ])('%s', (_case, text, expected) => {
    expect(parseEnvLines(text)).toEqual(expected);
  });

  it.each([[''], [null], [undefined]])('reads %j as no variables', (text) => {
    expect(parseEnvLines(text)).toEqual({});
  });
});
