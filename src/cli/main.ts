#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { InterruptedError, RunLockBusyError } from '../app/index.js';
import { ConfigError } from '../config/index.js';
import { SelectionError } from '../dokploy/index.js';
import { redactSecrets } from '../log/index.js';
import { CredentialsConfigError } from '../registry/index.js';
import { StateError } from '../state/index.js';
import { addDoctorCommand } from './doctor-command.js';
import { addInstallCommand } from './install-command.js';
import { addRunCommand } from './run-command.js';
import { addServeCommand } from './serve-command.js';
import { addTemplateCommand } from './template-command.js';
import { packageVersion } from './version.js';

/** Exit codes: 0 all good, 1 something failed (see the report), 2 bad flags or configuration. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  const program = new Command('dokploy-autoupdate')
    .description('Keep Dokploy services on fresh container images.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  addRunCommand(program);
  addServeCommand(program);
  addTemplateCommand(program);
  addInstallCommand(program);
  addDoctorCommand(program);

  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof InterruptedError) {
    process.stderr.write(
      `dokploy-autoupdate: stopped by ${error.signalName} before the run began\n`,
    );
    return EXIT_FAILURE;
  }
  if (error instanceof RunLockBusyError) {
    process.stderr.write(`dokploy-autoupdate: ${redactSecrets(error.message)}\n`);
    return EXIT_FAILURE;
  }
  // A state folder or docker config.json that cannot be used is found before anything is done,
  // like bad config.
  if (
    error instanceof ConfigError ||
    error instanceof SelectionError ||
    error instanceof StateError ||
    error instanceof CredentialsConfigError
  ) {
    process.stderr.write(`dokploy-autoupdate: ${redactSecrets(error.message)}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`dokploy-autoupdate: internal error: ${redactSecrets(message)}\n`);
  return EXIT_FAILURE;
}

// A reader that stops early (`--help | head -1`) closes the pipe: nothing is left to say to it,
// so leave with the exit code decided so far instead of an unhandled EPIPE stack. The error arrives
// on a later tick, after the command has set its exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(Number(process.exitCode ?? 0));
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
