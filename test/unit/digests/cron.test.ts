import { describe, expect, it } from 'vitest';
import {
  type CronSchedule,
  latestOccurrence,
  nextOccurrences,
  parseCronSchedule,
} from '../../../src/digests/cron.js';

function schedule(expression: string, zone: string): CronSchedule {
  const parsed = parseCronSchedule(expression, zone);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.schedule;
}

const iso = (ms: number) => new Date(ms).toISOString();
const next = (expression: string, zone: string, after: string, count: number) =>
  nextOccurrences(schedule(expression, zone), Date.parse(after), count).map(iso);

describe('next runs of a cron in a zone', () => {
  it.each([
    {
      what: 'New York 09:00 across spring-forward (2027-03-14): 14:00Z, then 13:00Z',
      expression: '0 9 * * *',
      zone: 'America/New_York',
      after: '2027-03-12T12:00:00Z',
      runs: [
        '2027-03-12T14:00:00.000Z',
        '2027-03-13T14:00:00.000Z',
        '2027-03-14T13:00:00.000Z',
        '2027-03-15T13:00:00.000Z',
      ],
    },
    {
      what: 'New York 09:00 across fall-back (2026-11-01): 13:00Z, then 14:00Z',
      expression: '0 9 * * *',
      zone: 'America/New_York',
      after: '2026-10-30T12:00:00Z',
      runs: [
        '2026-10-30T13:00:00.000Z',
        '2026-10-31T13:00:00.000Z',
        '2026-11-01T14:00:00.000Z',
        '2026-11-02T14:00:00.000Z',
      ],
    },
    {
      what: 'Berlin weekdays 09:00 across its fall-back (2026-10-25), weekend skipped',
      expression: '0 9 * * 1-5',
      zone: 'Europe/Berlin',
      after: '2026-10-22T12:00:00Z',
      runs: ['2026-10-23T07:00:00.000Z', '2026-10-26T08:00:00.000Z', '2026-10-27T08:00:00.000Z'],
    },
    {
      // Issue 15: the day's run is not skipped (node-cron skipped it).
      what: 'Berlin 02:30 does not exist on 2026-03-29 (spring-forward): runs at 03:00 CEST',
      expression: '30 2 * * *',
      zone: 'Europe/Berlin',
      after: '2026-03-27T12:00:00Z',
      runs: ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
    },
    {
      // Issue 15: the first pass everywhere (node-cron took CET, the second, east of Greenwich).
      what: 'Berlin 02:30 exists twice on 2026-10-25: runs once, the first time (CEST)',
      expression: '30 2 * * *',
      zone: 'Europe/Berlin',
      after: '2026-10-23T12:00:00Z',
      runs: ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    },
    {
      what: 'New York 01:30 exists twice on 2026-11-01: runs once, as node-cron does (EDT)',
      expression: '30 1 * * *',
      zone: 'America/New_York',
      after: '2026-10-31T12:00:00Z',
      runs: ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    },
    {
      what: 'six fields: every 5 seconds',
      expression: '*/5 * * * * *',
      zone: 'UTC',
      after: '2026-11-28T10:00:03.500Z',
      runs: ['2026-11-28T10:00:05.000Z', '2026-11-28T10:00:10.000Z', '2026-11-28T10:00:15.000Z'],
    },
    {
      what: 'after a run instant itself: the following one',
      expression: '0 9 * * *',
      zone: 'UTC',
      after: '2026-11-28T09:00:00.000Z',
      runs: ['2026-11-29T09:00:00.000Z'],
    },
    {
      // Issue 15: Vixie's OR when both day fields are restricted (node-cron required both).
      what: 'weekday 7 is Sunday; the 1st or a Sunday',
      expression: '0 12 1 * 7',
      zone: 'UTC',
      after: '2026-01-01T00:00:00Z',
      runs: ['2026-01-01T12:00:00.000Z', '2026-01-04T12:00:00.000Z', '2026-01-11T12:00:00.000Z'],
    },
    {
      what: 'weekday 7 is Sunday; day of month `*`: Sundays only',
      expression: '0 12 * * 7',
      zone: 'UTC',
      after: '2026-01-01T00:00:00Z',
      runs: ['2026-01-04T12:00:00.000Z', '2026-01-11T12:00:00.000Z'],
    },
  ])('$what', ({ expression, zone, after, runs }) => {
    expect(next(expression, zone, after, runs.length)).toEqual(runs);
  });
});

describe('the latest run at or before an instant', () => {
  it.each([
    ['0 9 * * *', 'America/New_York', '2027-03-14T13:00:00Z', '2027-03-14T13:00:00.000Z'],
    ['0 9 * * *', 'America/New_York', '2027-03-14T12:59:59Z', '2027-03-13T14:00:00.000Z'],
    ['0 9 * * *', 'America/New_York', '2026-11-01T15:00:00Z', '2026-11-01T14:00:00.000Z'],
    // Issue 15: the spring-forward day's run is 03:00 CEST, not skipped.
    ['30 2 * * *', 'Europe/Berlin', '2026-03-29T12:00:00Z', '2026-03-29T01:00:00.000Z'],
    ['0 9 * * 1-5', 'Europe/Berlin', '2026-11-29T12:00:00Z', '2026-11-27T08:00:00.000Z'],
    ['*/5 * * * * *', 'UTC', '2026-11-28T10:00:04.999Z', '2026-11-28T10:00:00.000Z'],
  ])('%s in %s at %s: %s', (expression, zone, at, expected) => {
    const latest = latestOccurrence(schedule(expression, zone), Date.parse(at));
    expect(latest === null ? null : iso(latest)).toBe(expected);
  });

  it('is the run just before the next one, for every run in a DST month', () => {
    const s = schedule('*/30 * * * *', 'Europe/Berlin');
    const runs = nextOccurrences(s, Date.parse('2026-10-24T00:00:00Z'), 200);
    for (const [i, run] of runs.entries()) {
      expect(latestOccurrence(s, run)).toBe(run);
      if (i > 0) expect(latestOccurrence(s, run - 1)).toBe(runs[i - 1]);
    }
  });
});

describe('parsing', () => {
  it.each([
    ['5/10 * * * *', 'UTC', /not a valid cron/],
    ['0 9 L * *', 'UTC', /L, W or #/],
    ['0 9 * * *', 'Mars/Olympus', /not a known time zone/],
  ])('refuses %s in %s', (expression, zone, reason) => {
    const parsed = parseCronSchedule(expression, zone);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('reads names and canonicalises the zone', () => {
    const parsed = parseCronSchedule('0 9 * jan-feb mon-fri', 'europe/berlin');
    expect(parsed.ok && parsed.schedule.timeZone).toBe('Europe/Berlin');
    expect(parsed.ok && parsed.schedule.fields.dayOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(parsed.ok && parsed.schedule.fields.month).toEqual([1, 2]);
  });
});
