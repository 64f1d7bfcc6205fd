import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, publishVersion, pushImage } from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;

beforeAll(async () => {
  scenario = await Scenario.start();
});

afterAll(async () => {
  await scenario?.close();
});

describe('compose details: opt-outs, build, pull policies and selection', () => {
  it('skips what the owner opted out or compose never pulls, and updates the rest', async () => {
    const engine = scenario.env.engine;
    const refs = {
      web: scenario.imageRef('plain'),
      quiet: scenario.imageRef('quiet'),
      never: scenario.imageRef('never'),
      always: scenario.imageRef('always'),
    };
    for (const ref of Object.values(refs)) {
      await makeImage(engine, ref, 'v1');
      await pushImage(engine, ref);
    }
    const file = [
      'services:',
      '  web:',
      `    image: ${refs.web}`,
      '  quiet:',
      `    image: ${refs.quiet}`,
      '    labels:',
      '      com.centurylinklabs.watchtower.enable: "false"',
      '  never:',
      `    image: ${refs.never}`,
      '    pull_policy: never',
      '  always:',
      `    image: ${refs.always}`,
      '    pull_policy: always',
      '  built:',
      '    build: .',
      '    image: local/built:dev',
      // Not started by `up`, so the deploy never builds it; we still see its `build:`.
      '    profiles: ["manual"]',
      '',
    ].join('\n');
    const { environmentId } = await scenario.createProject('policies');
    const compose = await scenario.createCompose(environmentId, 'mixed', file);
    await scenario.deploy(compose.composeId);
    for (const ref of Object.values(refs)) await publishVersion(engine, ref, 'v2');
    await makeImage(engine, refs.always, 'v1');
    await makeImage(engine, refs.web, 'v1');
    const alwaysV1 = await scenario.imageId(refs.always);

    const result = await scenario.cli(['run', '--project', 'policies', '--json']);

    expect(result.code, JSON.stringify(result.report?.services, null, 1)).toBe(0);
    expect(result.report?.dokploy.version).toBe('v0.30.2');
    const image = (service: string) =>
      result.report?.services[0]?.images.find((i) => i.service === service);
    expect(image('web')).toMatchObject({ status: 'updated', pulled: true });
    expect(image('quiet')).toMatchObject({
      status: 'skipped',
      reason: 'opted out by label com.centurylinklabs.watchtower.enable=false',
    });
    expect(image('never')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/never/),
    });
    expect(image('built')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/build/),
    });
    // Nobody but compose's own `pull_policy: always` pulled it, and the container runs it.
    expect(image('always')).toMatchObject({ status: 'updated', pulled: false });
    expect(await scenario.imageId(refs.always)).not.toBe(alwaysV1);
    const redeploys = scenario.standIn.requests.filter((r) => r.path === '/api/compose.redeploy');
    expect(redeploys).toHaveLength(1);
  });

  it('names the services that exist for an unknown --service, before doing anything', async () => {
    const result = await scenario.cli(['run', '--project', 'policies', '--service', 'nope']);

    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain('"mixed"');
  });
});
