import type { TestProject } from 'vitest/node';
import {
  isTestEnvHealthy,
  readEnvFile,
  startTestEnv,
  stopTestEnv,
  type TestEnvFacts,
} from './env/environment.js';
import { ensurePackages } from './env/packages.js';

// Tests read these with `testEnv()` from test/support/env (not from here: this file runs in
// Vitest's main process, where importing 'vitest' itself fails).
declare module 'vitest' {
  export interface ProvidedContext {
    testEnv: TestEnvFacts;
  }
}

const say = (line: string) => process.stderr.write(`[test-env] ${line}\n`);

/**
 * Vitest globalSetup: hands every test file the private engine and registries. A live environment
 * from `npm run test-env up` is reused (fast local runs) and left running; otherwise one is started
 * here and stopped again when the run ends.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  await ensurePackages(say);
  const existing = readEnvFile();
  if (existing && (await isTestEnvHealthy(existing))) {
    say(`reusing the environment recorded in .tmp/test-env.json (engine ${existing.engine.host})`);
    project.provide('testEnv', existing);
    return;
  }
  say('starting a private engine and two registries');
  const facts: TestEnvFacts = await startTestEnv('vt');
  project.provide('testEnv', facts);
  return async () => {
    await stopTestEnv(facts);
  };
}
