import { describe, expect, it } from 'vitest';
import { isLate, planCatchUp, retryAt } from '../../../src/digests/catch-up.js';
import { type CronSchedule, parseCronSchedule } from '../../../src/digests/cron.js';

function schedule(expression: string, zone = 'UTC'): CronSchedule {
  const parsed = parseCronSchedule(expression, zone);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.schedule;
}

const at = Date.parse;
const daily = schedule('0 9 * * *');

describe('catching up after a restart', () => {
  it.each([
    {
      what: 'down over 09:00, back at 15:00 the same day: 09:00 is due, late',
      now: '2026-11-28T15:00:00Z',
      firstSeen: '2026-11-01T00:00:00Z',
      lastRun: '2026-11-27T09:00:00Z',
      due: '2026-11-28T09:00:00Z',
      skipped: 0,
    },
    {
      what: 'down for three days: only the latest is due, two older ones skipped',
      now: '2026-11-28T15:00:00Z',
      firstSeen: '2026-11-01T00:00:00Z',
      lastRun: '2026-11-25T09:00:00Z',
      due: '2026-11-28T09:00:00Z',
      skipped: 2,
    },
    {
      what: 'a digest first seen after its latest run: nothing was missed',
      now: '2026-11-28T15:00:00Z',
      firstSeen: '2026-11-28T10:00:00Z',
      lastRun: null,
      due: null,
      skipped: 0,
    },
    {
      what: 'the latest run already recorded: due again, and its claim says done',
      now: '2026-11-28T15:00:00Z',
      firstSeen: '2026-11-01T00:00:00Z',
      lastRun: '2026-11-28T09:00:00Z',
      due: '2026-11-28T09:00:00Z',
      skipped: 0,
    },
  ])('$what', ({ now, firstSeen, lastRun, due, skipped }) => {
    const plan = planCatchUp(daily, {
      now: at(now),
      firstSeen: at(firstSeen),
      lastRun: lastRun === null ? null : at(lastRun),
    });
    expect(plan.due).toBe(due === null ? null : at(due));
    expect(plan.skipped).toBe(skipped);
  });

  it('caps the count of skipped runs for frequent schedules down a long time', () => {
    const plan = planCatchUp(schedule('* * * * * *'), {
      now: at('2026-11-28T15:00:00Z'),
      firstSeen: at('2026-11-01T00:00:00Z'),
      lastRun: at('2026-11-28T09:00:00Z'),
    });
    expect(plan.skippedCapped).toBe(true);
    expect(plan.due).toBe(at('2026-11-28T15:00:00Z'));
  });
});

describe('lateness and the retry delay', () => {
  it('marks a run late only after a minute', () => {
    expect(isLate(0, 60_000)).toBe(false);
    expect(isLate(0, 60_001)).toBe(true);
  });

  it.each([
    ['0 9 * * *', 5 * 60_000],
    ['*/4 * * * *', 2 * 60_000],
    ['*/2 * * * * *', 1000],
  ])('retries %s after %i ms', (expression, delay) => {
    const s = schedule(expression);
    const scheduledAt = at('2026-11-28T09:00:00Z');
    expect(retryAt(s, scheduledAt, scheduledAt + 10) - (scheduledAt + 10)).toBe(delay);
  });
});
