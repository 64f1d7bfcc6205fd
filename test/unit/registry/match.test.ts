import { describe, expect, it } from 'vitest';
import {
  namesSameImage,
  parseReference,
  tagReference,
  withDefaultTag,
} from '../../../src/registry/index.js';

const PIN = `sha256:${'b'.repeat(64)}`;

describe('namesSameImage', () => {
  it.each([
    ['16: compose nginx, container nginx:latest', 'nginx', 'nginx:latest', true],
    ['canonical and familiar spellings', 'docker.io/library/nginx', 'nginx', true],
    ['legacy index host', 'index.docker.io/library/nginx:latest', 'nginx', true],
    [
      '15/5: a swarm task carries tag@digest',
      'someuser/app:latest',
      `someuser/app:latest@${PIN}`,
      true,
    ],
    ['another tag', 'nginx:1.27', 'nginx:latest', false],
    ['another repository', 'nginx', 'someuser/nginx', false],
    ['another registry', 'localhost:5000/app', 'localhost:5001/app', false],
    ['a digest-only container of a tagged service', 'app:latest', `app@${PIN}`, false],
    ['digest-only on both sides', `app@${PIN}`, `docker.io/library/app@${PIN}`, true],
    ['an unparsable image', 'nginx', 'Not A Reference', false],
  ])('%s', (_name, declared, configImage, same) => {
    const ref = withDefaultTag(parseReference(declared));

    expect(namesSameImage(ref, configImage)).toBe(same);
  });
});

describe('tagReference', () => {
  it('6: host:5000/app:tag@digest is checked as app:tag on that host, no library/ added', () => {
    const ref = parseReference(`host:5000/app:tag@sha256:${'1'.repeat(64)}`);

    expect(tagReference(ref)).toEqual({ registry: 'host:5000', repository: 'app', tag: 'tag' });
  });

  it('has nothing to check for a digest-only reference', () => {
    expect(tagReference(parseReference(`app@${PIN}`))).toBeUndefined();
  });
});
