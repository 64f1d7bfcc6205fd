import { z } from 'zod';

/**
 * Options of the safety net: verification, rollback, cooldown, state and the run lock. Kept apart
 * so the main schema only spreads them in; the defaults are what an unattended 4 a.m. run needs.
 */
export const safetyOptions = {
  rollback: z
    .boolean()
    .default(false)
    .describe('Restore the previous image when a service fails verification after an update.'),
  cleanup: z
    .boolean()
    .default(false)
    .describe('After a verified update, remove the previous image if nothing else uses it.'),
  minAgeSeconds: z
    .number()
    .nonnegative()
    .max(365 * 86_400)
    .default(0)
    .describe('Apply a new digest only once our first sighting of it is at least this old.'),
  settleSeconds: z
    .number()
    .nonnegative()
    .max(3_600)
    .default(15)
    .describe('Without a healthcheck, containers must run this long without restarting.'),
  verifyTimeoutSeconds: z
    .number()
    .positive()
    .max(3_600)
    .default(300)
    .describe('How long to wait for new containers to report healthy.'),
  stateDir: z
    .string()
    .min(1)
    .optional()
    .describe('State folder. Default: $XDG_STATE_HOME/dokploy-autoupdate, or /etc/dokploy/….'),
  stateDriver: z
    .enum(['sqlite', 'json'])
    .optional()
    .describe('State file format. Default: SQLite where it loads, else JSON.'),
  lockWaitSeconds: z
    .number()
    .nonnegative()
    .max(86_400)
    .default(60)
    .describe('How long a run waits for another one on the same Dokploy to finish.'),
};

/** `90`, `90s`, `15m`, `2h`, `1d` → seconds; `undefined` when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3_600, d: 86_400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
