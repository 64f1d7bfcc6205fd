import { describe, expect, it } from 'vitest';
import {
  applyHolds,
  badDigestKey,
  type DigestHolds,
  type Plan,
  sightingKey,
  type TargetInfo,
} from '../../../src/plan/index.js';

const target: TargetInfo = {
  kind: 'compose',
  id: 'c1',
  name: 'web',
  appName: 'web-abc',
  projectName: 'p',
  environmentName: 'production',
  serverId: null,
};

function plan(): Plan {
  return {
    dryRun: false,
    services: [
      {
        target,
        action: 'redeploy',
        images: [
          {
            service: 'app',
            reference: 'reg/app:latest',
            status: 'update-available',
            currentDigest: 'sha256:old',
            remoteDigest: 'sha256:new',
            pull: true,
          },
        ],
      },
    ],
  };
}

function holds(overrides: Partial<DigestHolds>): DigestHolds {
  return {
    now: '2025-01-01T12:00:00.000Z',
    minAgeSeconds: 0,
    firstSeen: {},
    bad: {},
    ...overrides,
  };
}

describe('applyHolds', () => {
  it.each([
    ['no holds', holds({}), 'redeploy', 'update-available'],
    [
      'cooldown not over',
      holds({
        minAgeSeconds: 3600,
        firstSeen: { [sightingKey('reg/app:latest', 'sha256:new')]: '2025-01-01T11:30:00.000Z' },
      }),
      'skip',
      'skipped',
    ],
    [
      'cooldown over',
      holds({
        minAgeSeconds: 3600,
        firstSeen: { [sightingKey('reg/app:latest', 'sha256:new')]: '2025-01-01T10:59:59.000Z' },
      }),
      'redeploy',
      'update-available',
    ],
    ['cooldown, never seen before: seen now', holds({ minAgeSeconds: 60 }), 'skip', 'skipped'],
    [
      'digest rolled back before',
      holds({
        bad: {
          [badDigestKey(target, 'reg/app:latest', 'sha256:new')]: {
            outcome: 'rolled-back',
            at: 'x',
          },
        },
      }),
      'skip',
      'skipped',
    ],
    [
      'another digest rolled back before',
      holds({
        bad: {
          [badDigestKey(target, 'reg/app:latest', 'sha256:older')]: { outcome: 'failed', at: 'x' },
        },
      }),
      'redeploy',
      'update-available',
    ],
  ])('%s', (_name, given, action, status) => {
    const result = applyHolds(plan(), given).services[0];

    expect(result?.action).toBe(action);
    expect(result?.images[0]?.status).toBe(status);
    if (status === 'skipped') expect(result?.images[0]?.pull).toBe(false);
  });
});
