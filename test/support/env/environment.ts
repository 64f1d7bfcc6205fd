import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DOCKER_CLI } from './cli.js';
import { writeDockerConfig } from './docker-config.js';
import { type EngineFacts, engineFromFacts, isEngineHealthy, startEngine } from './engine.js';
import {
  isRegistryHealthy,
  type RegistryFacts,
  registryFromFacts,
  startRegistry,
} from './registry.js';

/** Everything a test needs to reach the environment; crosses into Vitest workers as JSON. */
export interface TestEnvFacts {
  engine: EngineFacts;
  /** Anonymous push and pull. */
  registry: RegistryFacts;
  /** htpasswd (Basic) auth; `user` and `password` are always set. */
  authRegistry: RegistryFacts & { user: string; password: string };
  /** Folder with a `config.json` holding the auth registry's credentials (for DOCKER_CONFIG). */
  dockerConfigDir: string;
  /** The docker CLI binary the helpers run. */
  dockerCli: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const ENV_FILE = join(repoRoot, '.tmp', 'test-env.json');

/** Starts one engine, an open registry and an htpasswd registry; stops what started on failure. */
export async function startTestEnv(name = 'main'): Promise<TestEnvFacts> {
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const engine = await startEngine({ name });
    started.push(engine);
    const registry = await startRegistry();
    started.push(registry);
    const authRegistry = await startRegistry({ auth: 'htpasswd' });
    started.push(authRegistry);
    const { user, password } = authRegistry;
    if (!user || !password) throw new Error('htpasswd registry started without credentials');
    const dockerConfigDir = join(authRegistry.dir, 'docker-config');
    writeDockerConfig(dockerConfigDir, { registry: { host: authRegistry.host, user, password } });
    return {
      engine: strip(engine),
      registry: strip(registry),
      authRegistry: { ...strip(authRegistry), user, password },
      dockerConfigDir,
      dockerCli: DOCKER_CLI,
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    throw error;
  }
}

/** Drops the stop() method so only data remains. */
function strip<T extends { stop(): Promise<void> }>(handle: T): Omit<T, 'stop'> {
  const { stop: _stop, ...facts } = handle;
  return facts;
}

export async function stopTestEnv(facts: TestEnvFacts): Promise<void> {
  await registryFromFacts(facts.authRegistry).stop();
  await registryFromFacts(facts.registry).stop();
  await engineFromFacts(facts.engine).stop();
}

export async function isTestEnvHealthy(facts: TestEnvFacts): Promise<boolean> {
  const checks = await Promise.all([
    isEngineHealthy(facts.engine),
    isRegistryHealthy(facts.registry),
    isRegistryHealthy(facts.authRegistry),
  ]);
  return checks.every(Boolean) && existsSync(join(facts.dockerConfigDir, 'config.json'));
}

// Only the shape is checked: the file is ours, but may be left over from an older version.
const EnvFileSchema = z.object({
  engine: z.object({ socketPath: z.string(), pid: z.number() }).passthrough(),
  registry: z.object({ url: z.string(), pid: z.number() }).passthrough(),
  authRegistry: z.object({ url: z.string(), user: z.string(), password: z.string() }).passthrough(),
  dockerConfigDir: z.string(),
  dockerCli: z.string(),
});

/** The environment recorded by `test-env up`, or undefined if there is none or it is unreadable. */
export function readEnvFile(): TestEnvFacts | undefined {
  if (!existsSync(ENV_FILE)) return undefined;
  try {
    const parsed = EnvFileSchema.safeParse(JSON.parse(readFileSync(ENV_FILE, 'utf8')));
    return parsed.success ? (parsed.data as unknown as TestEnvFacts) : undefined;
  } catch {
    return undefined;
  }
}

export function writeEnvFile(facts: TestEnvFacts): void {
  mkdirSync(dirname(ENV_FILE), { recursive: true });
  writeFileSync(ENV_FILE, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });
}

export function removeEnvFile(): void {
  rmSync(ENV_FILE, { force: true });
}
