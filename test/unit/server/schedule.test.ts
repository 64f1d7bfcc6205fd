import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScheduleError, startSchedule, validatePattern } from '../../../src/server/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('schedule', () => {
  it.each(['0 4 * * *', '*/30 * * * * *', '0 3 * * mon-fri', '@daily'])('accepts %s', (pattern) => {
    expect(() => validatePattern(pattern)).not.toThrow();
  });

  it.each([
    ['0 4 * *', /4 fields/],
    ['0 0 4 * * * 2030', /7 fields/],
    ['61 * * * *', /not valid/],
  ])('refuses %s with a clear message', (pattern, message) => {
    expect(() => validatePattern(pattern)).toThrow(ScheduleError);
    expect(() => validatePattern(pattern)).toThrow(message);
  });

  it('refuses an unknown time zone', () => {
    expect(() => validatePattern('0 4 * * *', 'Mars/Olympus')).toThrow(/time zone/);
  });

  it('fires on the schedule in its time zone, after the drawn jitter', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T02:59:00Z') });
    const delays: number[] = [];
    const ticks: string[] = [];
    const schedule = startSchedule({
      pattern: '0 4 * * *',
      timeZone: 'Europe/Paris',
      jitterSeconds: 60,
      random: () => 0.25,
      sleep: async (ms) => {
        delays.push(ms);
      },
      onTick: () => {
        ticks.push(new Date().toISOString());
      },
    });

    expect(schedule.nextRun()?.toISOString()).toBe('2030-01-01T03:00:00.000Z');
    await vi.advanceTimersByTimeAsync(61_000);
    schedule.stop();

    expect(delays).toEqual([15_000]);
    expect(ticks).toEqual(['2030-01-01T03:00:00.000Z']);
  });
});
