import { describe, expect, it } from 'vitest';
import {
  familiarReference,
  formatReference,
  InvalidReferenceError,
  parseReference,
  repositoryKey,
  withDefaultTag,
} from '../../../src/registry/index.js';

const HEX = 'a'.repeat(64);

describe('parseReference', () => {
  it.each([
    ['localhost:5000/asp-service', 'localhost:5000', 'asp-service', undefined, undefined],
    ['localhost:5000/asp-service:1.2', 'localhost:5000', 'asp-service', '1.2', undefined],
    [
      `registry.local:5000/team/img@sha256:${HEX}`,
      'registry.local:5000',
      'team/img',
      undefined,
      `sha256:${HEX}`,
    ],
    ['localhost/img', 'localhost', 'img', undefined, undefined],
    [`img:tag@sha256:${HEX}`, 'docker.io', 'library/img', 'tag', `sha256:${HEX}`],
    [`someuser/app:latest@sha256:${HEX}`, 'docker.io', 'someuser/app', 'latest', `sha256:${HEX}`],
    ['host:5000/app:tag', 'host:5000', 'app', 'tag', undefined],
    ['index.docker.io/library/nginx', 'docker.io', 'library/nginx', undefined, undefined],
  ])('reads %s', (input, registry, repository, tag, digest) => {
    expect(parseReference(input)).toEqual({ registry, repository, tag, digest });
  });

  it('treats nginx, nginx:latest and docker.io/library/nginx:latest as one repository', () => {
    const keys = ['nginx', 'nginx:latest', 'docker.io/library/nginx:latest'].map((s) =>
      repositoryKey(parseReference(s)),
    );

    expect(new Set(keys)).toEqual(new Set(['docker.io/library/nginx']));
    expect(formatReference(withDefaultTag(parseReference('nginx')))).toBe(
      formatReference(parseReference('nginx:latest')),
    );
  });

  it.each([
    ['Nginx:latest', 'must be lowercase'],
    ['docker/Docker', 'must be lowercase'],
    ['', 'at least one component'],
    [`app@sha256:${'f'.repeat(40)}`, 'digest length'],
    ['app@md5:ffffffffffffffffffffffffffffffff', 'unsupported digest algorithm'],
    [`a/${'b'.repeat(260)}`, 'not be more than 255'],
    [HEX, 'image ID'],
    ['https://ghcr.io/owner/app', 'invalid reference format'],
  ])('rejects %s, saying what is wrong', (input, reason) => {
    const error = catchError(() => parseReference(input));

    expect(error).toBeInstanceOf(InvalidReferenceError);
    expect(error.message).toContain(JSON.stringify(input));
    expect(error.message).toContain(reason);
  });
});

describe('familiarReference', () => {
  it.each([
    ['docker.io/library/nginx:latest', 'nginx:latest'],
    ['docker.io/library/foo/bar', 'library/foo/bar'],
    ['someuser/app', 'someuser/app'],
    ['localhost:5000/app:1.2', 'localhost:5000/app:1.2'],
  ])('%s → %s', (input, familiar) => {
    expect(familiarReference(parseReference(input))).toBe(familiar);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
