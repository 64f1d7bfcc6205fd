import { describe, expect, it } from 'vitest';
import { isDigest, parseReference, repoDigestsFor } from '../../../src/registry/index.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('repoDigestsFor', () => {
  it('keeps every digest of the repository, in any order and spelling', () => {
    const repoDigests = [
      `nextcloud@${d('3')}`,
      `docker.io/library/nextcloud@${d('6')}`,
      `nextcloud@${d('9')}`,
    ];

    const found = repoDigestsFor(parseReference('nextcloud:29'), repoDigests);

    expect(found).toEqual([d('3'), d('6'), d('9')]);
  });

  it('ignores other repositories and unreadable entries', () => {
    const repoDigests = [
      `other/repo@${d('a')}`,
      'garbage@@',
      `app/repo@${d('b')}`,
      'app/repo:latest',
    ];

    expect(repoDigestsFor(parseReference('app/repo:latest'), repoDigests)).toEqual([d('b')]);
  });

  it('tells registries apart', () => {
    const repoDigests = [`localhost:5000/app@${d('c')}`, `app@${d('e')}`];

    expect(repoDigestsFor(parseReference('localhost:5000/app:1'), repoDigests)).toEqual([d('c')]);
  });
});

describe('isDigest', () => {
  it.each([
    [d('f'), true],
    ['sha256:abc', false],
    [`sha256:${'F'.repeat(64)}`, false],
    ['"etag-value"', false],
    [`sha512:${'0'.repeat(128)}`, true],
  ])('%s → %s', (value, expected) => {
    expect(isDigest(value)).toBe(expected);
  });
});
