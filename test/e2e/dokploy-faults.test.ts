import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, pushImage } from '../support/env/index.js';
import { Scenario } from '../support/scenario.js';

// Two REST calls' worth of verifications: `project.all` passes, the next call is refused.
const LIMITED_KEY = 'limited-key-0123456789abcdef';
let scenario: Scenario;

beforeAll(async () => {
  scenario = await Scenario.start({ extraKeys: [{ key: LIMITED_KEY, rateLimit: { max: 2 } }] });
  const image = scenario.imageRef('faults');
  await makeImage(scenario.env.engine, image, 'v1');
  await pushImage(scenario.env.engine, image);
  const { environmentId } = await scenario.createProject('faults');
  const compose = await scenario.createCompose(
    environmentId,
    'app',
    `services:\n  web:\n    image: ${image}\n`,
  );
  await scenario.deploy(compose.composeId);
});

afterAll(async () => {
  await scenario?.close();
});

describe('when Dokploy refuses or is away', () => {
  it('says the key may be rate-limited when a key that worked starts answering 401', async () => {
    const result = await scenario.cli(['run', '--project', 'faults', '--json'], {
      DOKPLOY_API_KEY: LIMITED_KEY,
    });

    expect(result.code).toBe(1);
    // An auth failure stops discovery as a whole: the run's errors carry the explanation.
    expect(result.report?.errors.join(' ')).toMatch(/rate.limit/i);
    expect(result.stdout + result.stderr).not.toContain(LIMITED_KEY);
  });

  it('reports an unreachable Dokploy as a failed run, exit 1, not as bad configuration', async () => {
    const port = await closedPort();

    const result = await scenario.cli(['run', '--project', 'faults', '--json'], {
      DOKPLOY_URL: `http://127.0.0.1:${port}`,
    });

    expect(result.code).toBe(1);
    expect(result.report?.errors.join(' ')).toMatch(/Dokploy could not be asked/);
    expect(result.report?.errors.join(' ')).toContain(`127.0.0.1:${port}`);
  });

  it('reports a wrong API key without printing it', async () => {
    const result = await scenario.cli(['run', '--project', 'faults', '--json'], {
      DOKPLOY_API_KEY: 'wrong-key-fedcba9876543210',
    });

    expect(result.code).toBe(1);
    expect(result.report?.errors.join(' ')).toMatch(/401|unauthori/i);
    expect(result.stdout + result.stderr).not.toContain('wrong-key-fedcba9876543210');
  });

  it('exits 2 with the option named when the URL is missing', async () => {
    const result = await scenario.cli(['run', '--project', 'faults'], { DOKPLOY_URL: '' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DOKPLOY_URL');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  return typeof address === 'object' && address ? address.port : 1;
}
