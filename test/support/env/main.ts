import {
  ENV_FILE,
  isTestEnvHealthy,
  readEnvFile,
  removeEnvFile,
  startTestEnv,
  stopTestEnv,
  type TestEnvFacts,
  writeEnvFile,
} from './environment.js';
import { ensurePackages, missingPackages } from './packages.js';

// `npx tsx test/support/env/main.ts up|down|status|install`: keeps one environment running between test
// runs, so `vitest` (whose global setup reuses it) starts in a second instead of several.

const say = (line: string) => process.stdout.write(`${line}\n`);

function describeEnv(facts: TestEnvFacts): string {
  return [
    `  DOCKER_HOST=${facts.engine.host}   (log ${facts.engine.logFile})`,
    `  open registry      ${facts.registry.host}`,
    `  htpasswd registry  ${facts.authRegistry.host}  user ${facts.authRegistry.user}`,
    `  DOCKER_CONFIG=${facts.dockerConfigDir}   (credentials for the htpasswd registry)`,
    `  facts in ${ENV_FILE}`,
  ].join('\n');
}

async function up(): Promise<number> {
  const existing = readEnvFile();
  if (existing && (await isTestEnvHealthy(existing))) {
    say(`test environment already up:\n${describeEnv(existing)}`);
    return 0;
  }
  if (existing) {
    say('recorded environment is not healthy; clearing what is left of it');
    await stopTestEnv(existing).catch(() => undefined);
    removeEnvFile();
  }
  await ensurePackages(say);
  const facts = await startTestEnv('cli');
  writeEnvFile(facts);
  say(`test environment up:\n${describeEnv(facts)}`);
  return 0;
}

async function down(): Promise<number> {
  const existing = readEnvFile();
  if (!existing) {
    say('no test environment recorded; nothing to stop');
    return 0;
  }
  await stopTestEnv(existing);
  removeEnvFile();
  say('test environment stopped');
  return 0;
}

async function status(): Promise<number> {
  const existing = readEnvFile();
  if (!existing) {
    say('test environment: down (nothing recorded)');
    return 1;
  }
  const healthy = await isTestEnvHealthy(existing);
  say(`test environment: ${healthy ? 'up' : 'recorded but NOT healthy'}\n${describeEnv(existing)}`);
  return healthy ? 0 : 1;
}

async function install(): Promise<number> {
  const missing = missingPackages();
  if (missing.length === 0) say('Debian packages for the test environment: all present');
  await ensurePackages(say);
  return 0;
}

const commands: Record<string, () => Promise<number>> = { up, down, status, install };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  say('usage: tsx test/support/env/main.ts up|down|status|install');
  process.exit(2);
}
command().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test-env failed: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  },
);
