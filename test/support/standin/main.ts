// Standalone stand-in for humans: `npx tsx test/support/standin/main.ts --port 3999
// --docker-host unix:///tmp/x/docker.sock --api-key KEY`. Prints the URL and runs until Ctrl-C.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createStandIn, DEFAULT_VERSION } from './index.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const program = new Command('dokploy-stand-in')
  .description('A Dokploy stand-in that deploys on a real Docker engine (test support only)')
  .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '0')
  .option('--docker-host <url>', 'engine for deploys', process.env.DOCKER_HOST)
  .option('--api-key <key>', 'an accepted x-api-key (repeatable)', collect, [])
  .option('--work-dir <dir>', 'compose folders and deployment logs (default: a new temp dir)')
  .option('--docker-config <dir>', 'DOCKER_CONFIG for the docker and compose CLIs')
  .option('--dokploy-version <version>', 'version to report and imitate', DEFAULT_VERSION)
  .parse();

const opts = program.opts<{
  port: string;
  dockerHost?: string;
  apiKey: string[];
  workDir?: string;
  dockerConfig?: string;
  dokployVersion: string;
}>();

if (!opts.dockerHost) program.error('--docker-host (or DOCKER_HOST) is required');
if (opts.apiKey.length === 0) program.error('at least one --api-key is required');

const standIn = await createStandIn({
  dockerHost: opts.dockerHost ?? '',
  apiKeys: opts.apiKey,
  workDir: opts.workDir ?? mkdtempSync(join(tmpdir(), 'dokploy-stand-in-')),
  dockerConfigDir: opts.dockerConfig,
  version: opts.dokployVersion,
  port: Number(opts.port),
});
process.stdout.write(`Dokploy stand-in (${opts.dokployVersion}) listening on ${standIn.url}\n`);

const stop = (): void => {
  standIn.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
