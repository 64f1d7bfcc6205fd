import { inject } from 'vitest';
import type { TestEnvFacts } from './environment.js';

/**
 * The environment that test/support/global-setup.ts started or found, for use inside tests.
 * Typed by the `ProvidedContext` declaration in global-setup.ts.
 */
export function testEnv(): TestEnvFacts {
  const facts = inject('testEnv');
  if (!facts) throw new Error('no test environment: is test/support/global-setup.ts configured?');
  return facts;
}
