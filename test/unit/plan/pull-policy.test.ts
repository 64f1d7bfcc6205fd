import { describe, expect, it } from 'vitest';
import {
  type ContainerFacts,
  commandPullsAlways,
  type ImageFacts,
  judgeImage,
} from '../../../src/plan/index.js';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;

function container(digests: string[]): ContainerFacts {
  return { id: 'c1', name: 'web_1', imageId: 'sha256:img', digests, fromRegistry: true };
}

function moved(overrides: Partial<ImageFacts>): ImageFacts {
  return {
    service: 'web',
    reference: '127.0.0.1:5000/demo/app:latest',
    containers: [container([OLD])],
    local: { imageId: 'sha256:img', digests: [OLD] },
    remote: { digest: NEW },
    ...overrides,
  };
}

describe('opt-outs and pull policies', () => {
  const cases: Array<[string, Partial<ImageFacts>, Record<string, unknown>]> = [
    ['no policy: we pull', {}, { status: 'update-available', pull: true }],
    [
      'opted out by label',
      { optOut: 'opted out by label dokploy-autoupdate.enable=false' },
      {
        status: 'skipped',
        pull: false,
        reason: 'opted out by label dokploy-autoupdate.enable=false',
      },
    ],
    [
      'pull_policy: never',
      { pullPolicy: 'never' },
      { status: 'skipped', reason: 'pull_policy: never (compose never pulls it)' },
    ],
    [
      'pull_policy: always: redeploy only',
      { pullPolicy: 'always' },
      { status: 'update-available', pull: false, pulledBy: expect.stringContaining('always') },
    ],
    ['pull_policy: missing: we pull', { pullPolicy: 'missing' }, { pull: true }],
    [
      'the redeploy pulls (stack, application.deploy, custom command)',
      { redeployPulls: 'docker stack deploy resolves the tag' },
      { status: 'update-available', pull: false, pulledBy: 'docker stack deploy resolves the tag' },
    ],
    [
      'engine already has it: a stale container, nobody pulls',
      { pullPolicy: 'always', local: { imageId: 'sha256:new', digests: [NEW] } },
      { status: 'update-available', pull: false, change: 'stale-container' },
    ],
    [
      'opt-out wins over an unchanged image',
      { optOut: 'opted out in configuration', remote: { digest: OLD } },
      { status: 'skipped' },
    ],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(judgeImage(moved(overrides))).toMatchObject(expected);
  });
});

describe('commandPullsAlways', () => {
  const cases: Array<[string, boolean]> = [
    ['compose -p app -f docker-compose.yml up -d --pull always', true],
    ['compose up -d --pull=always --build', true],
    ['compose up -d --pull missing', false],
    ['compose up -d --build', false],
    ['', false],
  ];

  it.each(cases)('%s → %s', (command, expected) => {
    expect(commandPullsAlways(command)).toBe(expected);
  });
});
