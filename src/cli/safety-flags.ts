import { type Command, InvalidArgumentError } from 'commander';
import { type ConfigInput, parseDuration } from '../config/index.js';

export interface SafetyFlags {
  rollback?: boolean;
  cleanup?: boolean;
  minAge?: number;
  settleTime?: number;
  verifyTimeout?: number;
  stateDir?: string;
  stateDriver?: 'sqlite' | 'json';
  lockWait?: number;
}

/** The flags of the safety net, shared by `run` and anything else that updates services. */
export function addSafetyFlags(command: Command): Command {
  return command
    .option('--rollback', 'restore the previous image when the new one fails its check')
    .option('--cleanup', 'after a verified update, remove the previous image if unused')
    .option('--min-age <duration>', 'apply a digest only once first seen this long ago', duration)
    .option('--settle-time <duration>', 'without healthcheck: must run this long (15s)', duration)
    .option('--verify-timeout <duration>', 'wait this long for healthy (300s)', duration)
    .option('--state-dir <dir>', 'state folder (default: XDG state or /etc/dokploy)')
    .option('--state-driver <driver>', 'sqlite or json (default: sqlite where it loads)')
    .option('--lock-wait <duration>', 'wait this long for a run in progress (60s)', duration);
}

export function safetyConfig(flags: SafetyFlags): Partial<ConfigInput> {
  return {
    rollback: flags.rollback,
    cleanup: flags.cleanup,
    minAgeSeconds: flags.minAge,
    settleSeconds: flags.settleTime,
    verifyTimeoutSeconds: flags.verifyTimeout,
    stateDir: flags.stateDir,
    stateDriver: flags.stateDriver,
    lockWaitSeconds: flags.lockWait,
  };
}

function duration(value: string): number {
  const seconds = parseDuration(value);
  if (seconds === undefined) {
    throw new InvalidArgumentError('must be a duration such as 30, 90s, 15m, 2h or 1d');
  }
  return seconds;
}
