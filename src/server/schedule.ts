import { Cron } from 'croner';

/** A bad cron expression or time zone: the CLI prints it and exits 2 before serving. */
export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

export interface ScheduleOptions {
  pattern: string;
  timeZone?: string;
  jitterSeconds: number;
  /** Called at each tick, after the jitter; its promise is not awaited by the timer. */
  onTick: () => Promise<void> | void;
  /** Injected in tests so jitter is decided, not drawn. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Schedule {
  nextRun(): Date | null;
  stop(): void;
}

/**
 * Checks the expression the way a user writes it: 5 fields, or 6 with seconds first. croner also
 * takes a 7th (year) field and nicknames; we refuse the former so the docs stay true.
 */
export function validatePattern(pattern: string, timeZone?: string): void {
  const fields = pattern.trim().split(/\s+/);
  if (!pattern.trim().startsWith('@') && (fields.length < 5 || fields.length > 6)) {
    throw new ScheduleError(
      `schedule "${pattern}" has ${fields.length} fields: use 5 (minute hour day month weekday) ` +
        'or 6 with seconds first',
    );
  }
  try {
    new Cron(pattern, { paused: true, ...(timeZone ? { timezone: timeZone } : {}) }).stop();
  } catch (error) {
    throw new ScheduleError(`schedule "${pattern}" is not valid: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (timeZone && !isTimeZone(timeZone)) {
    throw new ScheduleError(
      `time zone "${timeZone}" is unknown: use an IANA name like Europe/Paris`,
    );
  }
}

export function startSchedule(options: ScheduleOptions): Schedule {
  validatePattern(options.pattern, options.timeZone);
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));

  const job = new Cron(
    options.pattern,
    { ...(options.timeZone ? { timezone: options.timeZone } : {}), protect: false },
    async () => {
      const delay = Math.floor(random() * options.jitterSeconds * 1000);
      if (delay > 0) await sleep(delay);
      await options.onTick();
    },
  );
  return {
    nextRun: () => job.nextRun(),
    stop: () => job.stop(),
  };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
