// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation syntax under test
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingUpdate } from '../support/faults/pending.js';
import { Scenario } from '../support/scenario.js';

let scenario: Scenario;
let dir: string;

beforeAll(async () => {
  scenario = await Scenario.start();
  dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
});

afterAll(async () => {
  await scenario?.close();
  rmSync(dir, { recursive: true, force: true });
});

function configFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function redeploys(): number {
  return scenario.standIn.requests.filter((r) => r.path === '/api/compose.redeploy').length;
}

describe('bad input', () => {
  it.each([
    [
      'an unknown key',
      'projects: [x]\nrolback: true\n',
      /unknown option\(s\) rolback \(did you mean rollback\?\)/,
    ],
    [
      'a wrong type',
      'projects: [x]\nverifyTimeoutSeconds: soon\n',
      /verifyTimeoutSeconds \(--verify-timeout\) in .*c\.yaml: .*number/,
    ],
    ['a non-URL Dokploy address', 'projects: [x]\ndokployUrl: dokploy\n', /--dokploy-url.*URL/],
  ])('config file with %s: exit 2 naming it, before any call', async (_what, text, message) => {
    const file = configFile('c.yaml', text);
    const before = scenario.standIn.requests.length;

    const result = await scenario.cli(['run', '--config', file], { DOKPLOY_URL: undefined });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(scenario.standIn.requests.length).toBe(before);
  });

  it('a broken service fails with its input named; the others still update', async () => {
    const { environmentId } = await pendingUpdate(scenario, 'mixed');
    const broken = {
      yaml: 'services:\n  web:\n    image: [unclosed\n',
      required: 'services:\n  web:\n    image: reg/app:${TAG:?TAG must be set}\n',
      reference: 'services:\n  web:\n    image: "Not A/Valid:Ref!"\n',
    };
    for (const [name, text] of Object.entries(broken)) {
      await scenario.createCompose(environmentId, name, text);
    }

    const result = await scenario.cli(['run', '--project', 'mixed', '--json']);

    expect(result.code, result.stderr).toBe(1);
    const byName = new Map(result.report?.services.map((s) => [s.name, s]));
    expect(byName.get('mixed-app')?.images[0]?.status).toBe('updated');
    expect(byName.get('yaml')?.status).toBe('error');
    expect(byName.get('yaml')?.reason).toMatch(/line 3|YAML|flow/i);
    expect(byName.get('required')?.reason).toMatch(/TAG must be set/);
    expect(byName.get('reference')?.images[0]?.status).toBe('error');
    expect(byName.get('reference')?.images[0]?.reason).toMatch(/invalid image reference "Not A/);
    expect(redeploys()).toBe(1);
  });
});
