import { describe, expect, it } from 'vitest';
import {
  type ContainerFacts,
  type ImageFacts,
  judgeImage,
  type PlatformCheck,
} from '../../../src/plan/index.js';
import { parseReference, repoDigestsFor } from '../../../src/registry/index.js';

// The planner's verdicts for the registry facts that image updaters most often get wrong; each
// case comes from a public bug report of a similar tool (numbers as in issue 3).

const d = (c: string) => `sha256:${c.repeat(64)}`;
const INDEX_OLD = d('1');
const INDEX_NEW = d('2');
const AMD64 = d('a');
const ARM7_OLD = d('b');
const ARM7_NEW = d('c');
const INDEX = 'application/vnd.oci.image.index.v1+json';

function container(digests: string[], platformCheck?: PlatformCheck): ContainerFacts {
  return {
    id: 'c1',
    name: 'app-1',
    imageId: 'sha256:img',
    digests,
    fromRegistry: true,
    ...(platformCheck ? { platformCheck } : {}),
  };
}

function image(overrides: Partial<ImageFacts>): ImageFacts {
  return {
    service: 'app',
    reference: 'registry.local:5000/app/repo:latest',
    containers: [container([INDEX_OLD])],
    remote: { digest: INDEX_OLD },
    ...overrides,
  };
}

describe('RepoDigests against the registry digest', () => {
  it('1: any of several digests of the repository matching is up to date', () => {
    const ref = parseReference('nextcloud:latest');
    const repoDigests = [`nextcloud@${d('3')}`, `nextcloud@${d('6')}`, `nextcloud@${d('9')}`];
    const digests = repoDigestsFor(ref, repoDigests);

    const verdict = judgeImage(
      image({ containers: [container(digests)], remote: { digest: d('6') } }),
    );

    expect(verdict).toMatchObject({ status: 'up-to-date', currentDigest: d('6') });
  });

  it.each([
    ['BBB', d('b'), 'up-to-date'],
    ['CCC', d('c'), 'update-available'],
  ])(
    '2: another repository in RepoDigests is ignored; registry answers %s',
    (_n, remote, status) => {
      const ref = parseReference('app/repo:latest');
      const digests = repoDigestsFor(ref, [`other/repo@${d('a')}`, `app/repo@${d('b')}`]);

      const verdict = judgeImage(
        image({ containers: [container(digests)], remote: { digest: remote } }),
      );

      expect(digests).toEqual([d('b')]);
      expect(verdict.status).toBe(status);
    },
  );

  it('15: an image known by RepoDigests only (no RepoTags, no local tag) is still judged', () => {
    const digests = repoDigestsFor(parseReference('someuser/app:latest'), [
      `someuser/app@${AMD64}`,
    ]);

    const verdict = judgeImage(
      image({ containers: [container(digests)], remote: { digest: AMD64 } }),
    );

    expect(verdict).toMatchObject({ status: 'up-to-date', currentDigest: AMD64 });
  });
});

describe('multi-arch: only the child for the container platform counts', () => {
  const remote = { digest: INDEX_NEW, mediaType: INDEX };
  const cases: Array<[string, PlatformCheck, Record<string, unknown>]> = [
    [
      '3: arm/v7 host, arm/v7 child changed',
      { platform: 'linux/arm/v7', running: ARM7_OLD, remote: ARM7_NEW },
      { status: 'update-available', currentDigest: INDEX_OLD, remoteDigest: INDEX_NEW },
    ],
    [
      '3: arm/v7 host, only the amd64 child changed',
      { platform: 'linux/arm/v7', running: ARM7_OLD, remote: ARM7_OLD },
      { status: 'up-to-date', pull: false },
    ],
    [
      '4: amd64 host, same amd64 child, arm/v5 child changed',
      { platform: 'linux/amd64', running: AMD64, remote: AMD64 },
      { status: 'up-to-date', reason: expect.stringContaining('linux/amd64 image is unchanged') },
    ],
    [
      'the index the container runs is gone upstream',
      { platform: 'linux/amd64', remote: AMD64 },
      { status: 'update-available' },
    ],
    [
      'the new index has no image for this platform',
      { platform: 'linux/s390x', running: AMD64 },
      { status: 'error', reason: expect.stringContaining('no image for linux/s390x') },
    ],
    [
      'the manifests could not be fetched',
      { platform: 'linux/amd64', error: 'registry.local:5000 answered 503' },
      { status: 'error', reason: 'registry.local:5000 answered 503', pull: false },
    ],
  ];

  it.each(cases)('%s', (_name, check, expected) => {
    const verdict = judgeImage(image({ remote, containers: [container([INDEX_OLD], check)] }));

    expect(verdict).toMatchObject(expected);
  });

  it('one replica on a changed platform is enough for an update', () => {
    const same = container([INDEX_OLD], { platform: 'linux/amd64', running: AMD64, remote: AMD64 });
    const changed = container([INDEX_OLD], {
      platform: 'linux/arm/v7',
      running: ARM7_OLD,
      remote: ARM7_NEW,
    });

    expect(judgeImage(image({ remote, containers: [same, changed] })).status).toBe(
      'update-available',
    );
  });
});

describe('pinned references', () => {
  it.each([
    ['no tag: never asked', undefined, { status: 'skipped', reason: 'pinned by digest' }],
    [
      '5: tag@digest whose tag still points to the pin',
      { digest: AMD64 },
      { status: 'skipped', reason: expect.stringContaining('tag still points to it') },
    ],
    [
      '5: tag@digest whose tag moved on',
      { digest: ARM7_NEW },
      { status: 'skipped', reason: expect.stringContaining(ARM7_NEW), remoteDigest: ARM7_NEW },
    ],
    [
      'tag@digest whose tag could not be checked',
      { error: 'registry.local:5000 answered 503', errorKind: 'unavailable' as const },
      { status: 'error', reason: expect.stringContaining('503') },
    ],
  ])('%s', (_name, remote, expected) => {
    const facts = image({ pinnedDigest: AMD64, containers: [], ...(remote ? { remote } : {}) });
    if (!remote) delete facts.remote;

    const verdict = judgeImage(facts);

    expect(verdict).toMatchObject({ ...expected, pull: false });
    expect(verdict.status).not.toBe('update-available');
  });
});
