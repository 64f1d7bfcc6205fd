import { describe, expect, it } from 'vitest';
import { describeRateLimit } from '../../../src/registry/docker-hub.js';

const HUB_BODY =
  '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}';

describe('describeRateLimit', () => {
  it.each([
    ['Hub body on docker.io', 'docker.io', HUB_BODY, {}, 'Docker Hub pull rate limit reached'],
    ['Hub body through a mirror', 'mirror.local', HUB_BODY, {}, 'Docker Hub pull rate limit'],
    [
      'Hub headers on a bodiless HEAD',
      'docker.io',
      '',
      { 'ratelimit-remaining': '0;w=21600' },
      'Docker Hub pull rate limit',
    ],
    [
      'another registry says why',
      'ghcr.io',
      '{"errors":[{"code":"TOOMANYREQUESTS","message":"allowed 44000 per 1m0s"}]}',
      {},
      'ghcr.io is rate limiting requests (429): allowed 44000 per 1m0s',
    ],
    ['an HTML body is not quoted', 'ghcr.io', '<html>slow down</html>', {}, 'ghcr.io is rate'],
  ])('%s', (_name, registry, body, headers, expected) => {
    const text = describeRateLimit(registry, body, new Headers(headers));

    expect(text).toContain(expected);
    expect(text).not.toContain('<html>');
  });
});
