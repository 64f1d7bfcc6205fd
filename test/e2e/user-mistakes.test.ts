import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, pushImage } from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';

// Mistakes a new user made in a first session, each answered plainly and with the right exit code.
let scenario: Scenario;
let image: string;
let composeId: string;
let emptyId: string;

beforeAll(async () => {
  scenario = await Scenario.start();
  image = scenario.imageRef('mistakes');
  await makeImage(scenario.env.engine, image, 'v1');
  await pushImage(scenario.env.engine, image);
  const { environmentId } = await scenario.createProject('mistakes');
  const file = `services:\n  web:\n    image: ${image}\n`;
  ({ composeId } = await scenario.createCompose(environmentId, 'app', file));
  await scenario.deploy(composeId);
  // Compose refuses to deploy this one; the tool must still say what is wrong with it.
  const empty = `${file}  empty:\n    image: \${NOT_SET_ANYWHERE}\n`;
  ({ composeId: emptyId } = await scenario.createCompose(environmentId, 'empty', empty));
});

afterAll(async () => {
  await scenario?.close();
});

describe('mistakes a user makes', () => {
  it('an --image the service does not run: exit 2, naming what it does run', async () => {
    const result = await scenario.cli(['run', '--compose-id', composeId, '--image', 'redis:7']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--image redis:7');
    expect(result.stderr).toContain(image);
    expect(result.stderr).not.toMatch(/none of the selected services/);
  });

  it('a malformed --image: exit 2, naming it', async () => {
    const result = await scenario.cli(['run', '--compose-id', composeId, '--image', 'Bad Ref::x']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--image Bad Ref::x');
  });

  it('an image that interpolates to nothing is reported as an error, not dropped', async () => {
    const result = await scenario.cli(['run', '--compose-id', emptyId, '--dry-run', '--json']);

    const empty = result.report?.services[0]?.images.find((i) => i.service === 'empty');
    expect(empty).toMatchObject({ status: 'error' });
    expect(empty?.reason).toMatch(/empty after variable substitution/);
  });

  it('a refused run is closed in history: the next run sees no interrupted run', async () => {
    const refused = await scenario.cli(['run', '--project', 'Mistakes']);
    const next = await scenario.cli(['run', '--compose-id', composeId, '--dry-run', '--json']);

    expect(refused.code).toBe(2);
    expect(next.report?.warnings.join(' ')).not.toMatch(/interrupted/);
  });

  it('a docker config.json that is not JSON: exit 2 naming the file, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-config-'));
    writeFileSync(join(dir, 'config.json'), '{not json');

    const result = await scenario.cli(['run', '--compose-id', composeId, '--dry-run'], {
      DOCKER_CONFIG: dir,
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(dir, 'config.json'));
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
