import { describe, expect, it } from 'vitest';
import {
  engineAuthFor,
  parseChallenges,
  pickChallenge,
  registryBaseUrl,
} from '../../../src/registry/index.js';

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",' +
        'scope="repository:library/nginx:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/nginx:pull',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      'bearer Realm = "https://h/t" , Scope="repository:a/b:pull,push", service=h',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://h/t', scope: 'repository:a/b:pull,push', service: 'h' },
        },
      ],
    ],
    [
      'Basic realm="a \\"quoted\\" realm", Bearer realm="https://x/token",service="x"',
      [
        { scheme: 'basic', params: { realm: 'a "quoted" realm' } },
        { scheme: 'bearer', params: { realm: 'https://x/token', service: 'x' } },
      ],
    ],
    ['', []],
  ])('reads %s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  it('prefers Bearer with a realm over Basic', () => {
    const picked = pickChallenge(parseChallenges('Basic realm="r", Bearer realm="https://t"'));

    expect(picked?.scheme).toBe('bearer');
  });
});

describe('registryBaseUrl', () => {
  it.each([
    ['docker.io', [], 'https://registry-1.docker.io'],
    ['ghcr.io', [], 'https://ghcr.io'],
    ['localhost:5000', [], 'http://localhost:5000'],
    ['127.0.0.1:5000', [], 'http://127.0.0.1:5000'],
    ['[::1]:5000', [], 'http://[::1]:5000'],
    ['10.0.0.5:5000', [], 'https://10.0.0.5:5000'],
    ['10.0.0.5:5000', ['10.0.0.5:5000'], 'http://10.0.0.5:5000'],
    ['10.0.0.5:5000', ['10.0.0.0/8'], 'http://10.0.0.5:5000'],
    ['10.0.0.5:5000', ['192.168.0.0/16'], 'https://10.0.0.5:5000'],
    ['registry.lan:5000', ['registry.lan'], 'http://registry.lan:5000'],
  ])('%s with insecure %j → %s', (registry, insecure, expected) => {
    expect(registryBaseUrl(registry, insecure)).toBe(expected);
  });
});

describe('engineAuthFor', () => {
  it('files Docker Hub logins under the index address', () => {
    expect(engineAuthFor({ username: 'u', password: 'p' }, 'docker.io')).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: 'https://index.docker.io/v1/',
    });
  });

  it('passes identity tokens as such, and nothing without credentials', () => {
    expect(engineAuthFor({ identityToken: 'tok' }, 'ghcr.io')).toEqual({
      identitytoken: 'tok',
      serveraddress: 'ghcr.io',
    });
    expect(engineAuthFor(undefined, 'ghcr.io')).toBeUndefined();
  });
});
