import { describe, expect, it } from 'vitest';
import {
  type ContainerFacts,
  type ImageFacts,
  judgeImage,
  planRun,
} from '../../../src/plan/index.js';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;

function container(digests: string[], fromRegistry = true): ContainerFacts {
  return { id: 'c1', name: 'web_1', imageId: 'sha256:img', digests, fromRegistry };
}

function image(overrides: Partial<ImageFacts>): ImageFacts {
  return {
    service: 'web',
    reference: '127.0.0.1:5000/demo/app:latest',
    containers: [container([OLD])],
    local: { imageId: 'sha256:img', digests: [OLD] },
    remote: { digest: OLD },
    ...overrides,
  };
}

const target = {
  kind: 'compose' as const,
  id: 'cmp1',
  name: 'web',
  appName: 'compose-web-abc123',
  projectName: 'demo',
  environmentName: 'production',
  serverId: null,
};

describe('judgeImage', () => {
  const cases: Array<[string, Partial<ImageFacts>, Record<string, unknown>]> = [
    ['same digest', {}, { status: 'up-to-date', pull: false, currentDigest: OLD }],
    [
      'registry moved',
      { remote: { digest: NEW } },
      { status: 'update-available', pull: true, change: 'registry', currentDigest: OLD },
    ],
    [
      'engine has the new image, container lags',
      { remote: { digest: NEW }, local: { imageId: 'sha256:new', digests: [NEW] } },
      { status: 'update-available', pull: false, change: 'stale-container' },
    ],
    [
      'one of two replicas lags',
      { remote: { digest: NEW }, containers: [container([NEW]), container([OLD])] },
      { status: 'update-available', currentDigest: OLD, remoteDigest: NEW },
    ],
    ['no running container', { containers: [] }, { status: 'skipped', pull: false }],
    [
      'built locally',
      { remote: { digest: NEW }, containers: [container([], false)] },
      { status: 'skipped', reason: 'built or loaded locally: no registry digest' },
    ],
    [
      'build section',
      { unsupported: { status: 'skipped', reason: 'built from source (build:)' } },
      { status: 'skipped', reason: 'built from source (build:)' },
    ],
    [
      'pinned',
      { pinnedDigest: OLD },
      { status: 'skipped', reason: expect.stringMatching(/^pinned by digest/) },
    ],
    [
      'registry error',
      { remote: { error: 'registry answered 503', errorKind: 'unavailable' } },
      { status: 'error', reason: 'registry answered 503', pull: false },
    ],
    [
      'digest from another repository only',
      { remote: { digest: NEW }, containers: [container([])] },
      { status: 'skipped', reason: 'the running image has no digest from this repository' },
    ],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(judgeImage(image(overrides))).toMatchObject(expected);
  });
});

describe('planRun', () => {
  it('redeploys a service once when two of its images changed', () => {
    const facts = [
      {
        target,
        images: [
          image({ remote: { digest: NEW } }),
          image({ service: 'worker', reference: 'redis:7', remote: { digest: NEW } }),
        ],
      },
    ];

    const plan = planRun(facts, { dryRun: false });

    expect(plan.services).toHaveLength(1);
    expect(plan.services[0]?.action).toBe('redeploy');
    expect(plan.services[0]?.images.map((i) => i.pull)).toEqual([true, true]);
  });

  it.each([
    ['nothing new', [image({})], 'none'],
    ['only skipped images', [image({ containers: [] })], 'skip'],
    [
      'an error and an update',
      [image({ remote: { digest: NEW } }), image({ remote: { error: 'x', errorKind: 'other' } })],
      'redeploy',
    ],
    ['an error only', [image({ remote: { error: 'x', errorKind: 'other' } })], 'none'],
  ] as const)('%s → %s', (_name, images, action) => {
    expect(planRun([{ target, images: [...images] }], { dryRun: true }).services[0]?.action).toBe(
      action,
    );
  });

  it('turns a service that could not be observed into an error action', () => {
    const plan = planRun([{ target, images: [], error: 'engine unreachable' }], { dryRun: false });

    expect(plan.services[0]).toMatchObject({ action: 'error', reason: 'engine unreachable' });
  });
});
