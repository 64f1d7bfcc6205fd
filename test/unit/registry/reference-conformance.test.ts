import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  familiarReference,
  formatReference,
  parseReference,
  pullReference,
} from '../../../src/registry/index.js';
import { parseRawReference } from '../../../src/registry/reference-grammar.js';
import { sharedPath } from '../../support/shared-facts.js';

// Docker's own reference-library tables, as data (see the .md beside the file).
const VECTORS_PATH = sharedPath('conformance', 'docker-reference-vectors.json');

interface Vector {
  input: string;
  name?: string | null;
  valid: boolean;
  parser: string;
  domain?: string | null;
  path?: string;
  tag?: string | null;
  digest?: string | null;
  string?: string;
  normalized?: string;
  familiar?: string;
  errorId?: string;
}

const vectors = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as Vector[];
const byParser = (parser: string) => vectors.filter((v) => v.parser === parser);
const label = (v: Vector) => `${v.valid ? 'accepts' : 'rejects'} ${JSON.stringify(v.input)}`;

describe('parseReference against ParseNormalizedNamed vectors', () => {
  const table = byParser('ParseNormalizedNamed');

  it('has the vectors', () => {
    expect(table.length).toBeGreaterThan(100);
  });

  it.each(table.map((v) => [label(v), v] as const))('%s', (_name, v) => {
    if (!v.valid) {
      expect(() => parseReference(v.input)).toThrow(/invalid image reference/);
      return;
    }

    const ref = parseReference(v.input);

    if (v.domain !== undefined) expect(ref.registry).toBe(v.domain);
    if (v.path !== undefined) expect(ref.repository).toBe(v.path);
    if (v.tag !== undefined) expect(ref.tag).toBe(v.tag ?? undefined);
    if (v.digest !== undefined) expect(ref.digest).toBe(v.digest ?? undefined);
    if (v.normalized !== undefined) expect(formatReference(ref)).toBe(v.normalized);
    if (v.familiar !== undefined) expect(familiarReference(ref)).toBe(v.familiar);
    expect(parseReference(formatReference(ref))).toEqual(ref);
  });
});

describe('pullReference against ParseDockerRef vectors', () => {
  it.each(byParser('ParseDockerRef').map((v) => [label(v), v] as const))('%s', (_name, v) => {
    const ref = pullReference(parseReference(v.input));

    expect(formatReference(ref)).toBe(v.normalized);
  });
});

describe('the raw grammar against Parse vectors', () => {
  // The Go test binary registers only sha256; a real engine accepts sha512, and so do we.
  const table = byParser('Parse').filter((v) => !v.input.startsWith('validname@sha512:'));

  it.each(table.map((v) => [label(v), v] as const))('%s', (_name, v) => {
    const result = parseRawReference(v.input);

    expect(result.ok).toBe(v.valid);
    if (!result.ok) {
      const expected = ERROR_IDS[v.errorId ?? ''];
      if (expected) expect(result.problem).toBe(expected);
      return;
    }
    if (v.domain !== undefined) expect(result.value.domain).toBe(v.domain ?? undefined);
    if (v.path !== undefined) expect(result.value.path).toBe(v.path);
    if (v.tag !== undefined) expect(result.value.tag).toBe(v.tag ?? undefined);
    if (v.digest !== undefined) expect(result.value.digest).toBe(v.digest ?? undefined);
  });
});

describe('parseReference against ParseAnyReference vectors that name a repository', () => {
  const table = byParser('ParseAnyReference').filter((v) => v.name !== null);

  it.each(table.map((v) => [label(v), v] as const))('%s', (_name, v) => {
    const ref = parseReference(v.input);

    expect(formatReference(ref)).toBe(v.normalized);
  });
});

const ERROR_IDS: Record<string, string> = {
  ErrNameEmpty: 'empty',
  ErrReferenceInvalidFormat: 'format',
  ErrNameContainsUppercase: 'uppercase',
  ErrNameTooLong: 'too-long',
  'digest.ErrDigestInvalidLength': 'digest-length',
  'digest.ErrDigestUnsupported': 'digest-algorithm',
};
