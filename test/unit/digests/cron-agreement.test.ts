import { createTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CronSchedule,
  latestOccurrence,
  nextOccurrences,
  parseCronSchedule,
} from '../../../src/digests/cron.js';

/**
 * The cron module against node-cron itself, case by case: the runs node-cron plans
 * (`getNextRuns`, its clock set to the case's instant) and the runs a started node-cron task fires
 * (timers faked and advanced), then ours, and the previous run at, just after and just before each
 * of ours. DST changes both ways in New York, Berlin and Sydney; Kolkata (no DST); 6 fields; day
 * of month and day of week. No case reads the wall clock.
 *
 * Where we now deliberately differ from node-cron (issue 15), a case states our runs (`ours`) and
 * why (`differs`); the scheduler no longer runs node-cron's tasks, it fires our runs:
 * - a wall time in a spring-forward gap: node-cron skips the day; we run at the first instant
 *   after the gap (a daily digest gets that day's run);
 * - a wall time that exists twice: node-cron takes the second pass east of Greenwich (and none at
 *   all when started during the first); we take the first pass everywhere, and both passes for
 *   schedules that run every hour (elapsed time, as Vixie cron's wildcard jobs);
 * - day of month and day of week both restricted: node-cron requires both; we take either (Vixie
 *   cron, cronie, croniter, cron-parser).
 */

interface Case {
  readonly what: string;
  readonly expression: string;
  readonly zone: string;
  readonly from: string;
  /** node-cron's runs from `from`, as ISO instants: the table states them, node-cron confirms. */
  readonly runs: readonly string[];
  /** Our runs from `from` where they deliberately differ from node-cron's, and why. */
  readonly ours?: readonly string[];
  readonly differs?: 'gap' | 'repeat' | 'either day';
}

const CASES: readonly Case[] = [
  {
    what: 'New York 09:00 across spring-forward (2027-03-14)',
    expression: '0 9 * * *',
    zone: 'America/New_York',
    from: '2027-03-12T12:00:00Z',
    runs: ['2027-03-12T14:00:00Z', '2027-03-13T14:00:00Z', '2027-03-14T13:00:00Z'],
  },
  {
    what: 'New York 02:30 does not exist on 2027-03-14: node-cron skips the day, ours 03:00 EDT',
    expression: '30 2 * * *',
    zone: 'America/New_York',
    from: '2027-03-12T12:00:00Z',
    runs: ['2027-03-13T07:30:00Z', '2027-03-15T06:30:00Z', '2027-03-16T06:30:00Z'],
    ours: ['2027-03-13T07:30:00Z', '2027-03-14T07:00:00Z', '2027-03-15T06:30:00Z'],
    differs: 'gap',
  },
  {
    what: 'New York 09:00 across fall-back (2026-11-01)',
    expression: '0 9 * * *',
    zone: 'America/New_York',
    from: '2026-10-30T12:00:00Z',
    runs: ['2026-10-30T13:00:00Z', '2026-10-31T13:00:00Z', '2026-11-01T14:00:00Z'],
  },
  {
    what: 'New York 01:30 exists twice on 2026-11-01: runs once (EDT)',
    expression: '30 1 * * *',
    zone: 'America/New_York',
    from: '2026-10-31T12:00:00Z',
    runs: ['2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
  },
  {
    what: 'New York every 20 minutes of 01:00, the repeated hour, once',
    expression: '*/20 1 * * *',
    zone: 'America/New_York',
    from: '2026-10-31T12:00:00Z',
    runs: [
      '2026-11-01T05:00:00Z',
      '2026-11-01T05:20:00Z',
      '2026-11-01T05:40:00Z',
      '2026-11-02T06:00:00Z',
    ],
  },
  {
    what: 'New York every 30 minutes through the repeated hour: node-cron once, ours both passes',
    expression: '*/30 * * * *',
    zone: 'America/New_York',
    from: '2026-11-01T04:10:00Z',
    runs: [
      '2026-11-01T04:30:00Z',
      '2026-11-01T05:00:00Z',
      '2026-11-01T05:30:00Z',
      '2026-11-01T07:00:00Z',
      '2026-11-01T07:30:00Z',
    ],
    ours: [
      '2026-11-01T04:30:00Z',
      '2026-11-01T05:00:00Z',
      '2026-11-01T05:30:00Z',
      '2026-11-01T06:00:00Z',
      '2026-11-01T06:30:00Z',
    ],
    differs: 'repeat',
  },
  {
    what: 'New York Friday the 13th: node-cron the 13th AND a Friday; ours either',
    expression: '0 9 13 * fri',
    zone: 'America/New_York',
    from: '2026-01-01T00:00:00Z',
    runs: ['2026-02-13T14:00:00Z', '2026-03-13T13:00:00Z', '2026-11-13T14:00:00Z'],
    ours: ['2026-01-02T14:00:00Z', '2026-01-09T14:00:00Z', '2026-01-13T14:00:00Z'],
    differs: 'either day',
  },
  {
    what: 'Berlin 02:30 does not exist on 2026-03-29: node-cron skips the day, ours 03:00 CEST',
    expression: '30 2 * * *',
    zone: 'Europe/Berlin',
    from: '2026-03-27T12:00:00Z',
    runs: ['2026-03-28T01:30:00Z', '2026-03-30T00:30:00Z'],
    ours: ['2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z'],
    differs: 'gap',
  },
  {
    what: 'Berlin every 30 minutes through the spring-forward gap',
    expression: '*/30 * * * *',
    zone: 'Europe/Berlin',
    from: '2026-03-29T00:10:00Z',
    runs: [
      '2026-03-29T00:30:00Z',
      '2026-03-29T01:00:00Z',
      '2026-03-29T01:30:00Z',
      '2026-03-29T02:00:00Z',
    ],
  },
  {
    what: 'Berlin 02:30 exists twice on 2026-10-25: once; node-cron CET, ours CEST (first pass)',
    expression: '30 2 * * *',
    zone: 'Europe/Berlin',
    from: '2026-10-23T12:00:00Z',
    runs: ['2026-10-24T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-26T01:30:00Z'],
    ours: ['2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
    differs: 'repeat',
  },
  {
    what: 'Berlin every 30 minutes through the repeated hour: node-cron once, ours both passes',
    expression: '*/30 * * * *',
    zone: 'Europe/Berlin',
    from: '2026-10-24T22:40:00Z',
    runs: [
      '2026-10-24T23:00:00Z',
      '2026-10-24T23:30:00Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T01:30:00Z',
      '2026-10-25T02:00:00Z',
    ],
    ours: [
      '2026-10-24T23:00:00Z',
      '2026-10-24T23:30:00Z',
      '2026-10-25T00:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-25T01:00:00Z',
    ],
    differs: 'repeat',
  },
  {
    what: 'Berlin weekdays 09:00 across fall-back, weekend skipped',
    expression: '0 9 * * 1-5',
    zone: 'Europe/Berlin',
    from: '2026-10-22T12:00:00Z',
    runs: ['2026-10-23T07:00:00Z', '2026-10-26T08:00:00Z', '2026-10-27T08:00:00Z'],
  },
  {
    what: 'Berlin six fields: second 30 of every 15 minutes of 02:00, across fall-back',
    expression: '30 */15 2 * * *',
    zone: 'Europe/Berlin',
    from: '2026-10-24T12:00:00Z',
    runs: [
      '2026-10-25T01:00:30Z',
      '2026-10-25T01:15:30Z',
      '2026-10-25T01:30:30Z',
      '2026-10-25T01:45:30Z',
      '2026-10-26T01:00:30Z',
    ],
    ours: [
      '2026-10-25T00:00:30Z',
      '2026-10-25T00:15:30Z',
      '2026-10-25T00:30:30Z',
      '2026-10-25T00:45:30Z',
      '2026-10-26T01:00:30Z',
    ],
    differs: 'repeat',
  },
  {
    what: 'Sydney 02:30 does not exist on 2026-10-04: node-cron skips the day, ours 03:00 AEDT',
    expression: '30 2 * * *',
    zone: 'Australia/Sydney',
    from: '2026-10-02T00:00:00Z',
    runs: ['2026-10-02T16:30:00Z', '2026-10-04T15:30:00Z', '2026-10-05T15:30:00Z'],
    ours: ['2026-10-02T16:30:00Z', '2026-10-03T16:00:00Z', '2026-10-04T15:30:00Z'],
    differs: 'gap',
  },
  {
    what: 'Sydney 02:30 exists twice on 2026-04-05: once; node-cron AEST, ours AEDT (first pass)',
    expression: '30 2 * * *',
    zone: 'Australia/Sydney',
    from: '2026-04-03T00:00:00Z',
    runs: ['2026-04-03T15:30:00Z', '2026-04-04T16:30:00Z', '2026-04-05T16:30:00Z'],
    ours: ['2026-04-03T15:30:00Z', '2026-04-04T15:30:00Z', '2026-04-05T16:30:00Z'],
    differs: 'repeat',
  },
  {
    what: 'Sydney monthly midnight across DST start',
    expression: '0 0 1 * *',
    zone: 'Australia/Sydney',
    from: '2026-09-15T00:00:00Z',
    runs: ['2026-09-30T14:00:00Z', '2026-10-31T13:00:00Z', '2026-11-30T13:00:00Z'],
  },
  {
    what: 'Kolkata (no DST) every 3 hours at :15 on weekdays, Friday to Monday',
    expression: '15 */3 * * 1-5',
    zone: 'Asia/Kolkata',
    from: '2026-11-27T12:00:00Z',
    runs: [
      '2026-11-27T12:45:00Z',
      '2026-11-27T15:45:00Z',
      '2026-11-29T18:45:00Z',
      '2026-11-29T21:45:00Z',
    ],
  },
  {
    what: 'Kolkata six fields: 09:30:45',
    expression: '45 30 9 * * *',
    zone: 'Asia/Kolkata',
    from: '2026-11-27T00:00:00Z',
    runs: ['2026-11-27T04:00:45Z', '2026-11-28T04:00:45Z'],
  },
  {
    what: 'six fields: every 5 seconds, from mid-second',
    expression: '*/5 * * * * *',
    zone: 'UTC',
    from: '2026-11-28T10:00:03.500Z',
    runs: ['2026-11-28T10:00:05Z', '2026-11-28T10:00:10Z', '2026-11-28T10:00:15Z'],
  },
  {
    what: 'the 1st and Mondays: node-cron both; ours either (the classic OR)',
    expression: '0 12 1 * 1',
    zone: 'UTC',
    from: '2026-01-01T00:00:00Z',
    runs: ['2026-06-01T12:00:00Z', '2027-02-01T12:00:00Z', '2027-03-01T12:00:00Z'],
    ours: ['2026-01-01T12:00:00Z', '2026-01-05T12:00:00Z', '2026-01-12T12:00:00Z'],
    differs: 'either day',
  },
  {
    what: 'days 1-7 and Mondays: node-cron both (first Monday); ours either',
    expression: '0 9 1-7 * mon',
    zone: 'Europe/Berlin',
    from: '2026-02-20T00:00:00Z',
    runs: ['2026-03-02T08:00:00Z', '2026-04-06T07:00:00Z', '2026-05-04T07:00:00Z'],
    ours: ['2026-02-23T08:00:00Z', '2026-03-01T08:00:00Z', '2026-03-02T08:00:00Z'],
    differs: 'either day',
  },
  {
    what: 'weekday 7 is Sunday',
    expression: '0 12 1 * 7',
    zone: 'UTC',
    from: '2026-01-01T00:00:00Z',
    runs: ['2026-02-01T12:00:00Z', '2026-03-01T12:00:00Z', '2026-11-01T12:00:00Z'],
    ours: ['2026-01-01T12:00:00Z', '2026-01-04T12:00:00Z', '2026-01-11T12:00:00Z'],
    differs: 'either day',
  },
];

function schedule(expression: string, zone: string): CronSchedule {
  const parsed = parseCronSchedule(expression, zone);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.schedule;
}

const ms = (runs: readonly string[]) => runs.map((run) => Date.parse(run));

afterEach(() => {
  vi.useRealTimers();
});

const ours = (c: Case) => ms(c.ours ?? c.runs);

describe('node-cron: the instants it plans (stated, so a node-cron upgrade that changes them shows)', () => {
  it.each(CASES)('$what ($expression in $zone)', ({ expression, zone, from, runs }) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(from) });
    const task = createTask(expression, () => {}, { timezone: zone });
    const theirs = task.getNextRuns(runs.length).map((date) => date.getTime());
    void task.destroy();
    expect(theirs).toEqual(ms(runs));
  });
});

describe('node-cron: the instants a started task fires at', () => {
  it.each(CASES)('$what ($expression in $zone)', async ({ expression, zone, from, runs }) => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: Date.parse(from) });
    const fired: number[] = [];
    const task = createTask(expression, (context) => void fired.push(context.date.getTime()), {
      timezone: zone,
    });
    await task.start();
    const last = ms(runs).at(-1) ?? 0;
    await vi.advanceTimersByTimeAsync(last - Date.parse(from) + 500);
    await task.destroy();
    expect(fired).toEqual(ms(runs));
  });
});

describe('ours: the same as node-cron, except where a case says why not', () => {
  it.each(CASES)('$what ($expression in $zone)', (c) => {
    const theirs = ms(c.runs);
    const mine = nextOccurrences(schedule(c.expression, c.zone), Date.parse(c.from), theirs.length);
    expect(mine).toEqual(ours(c));
    // A stated difference really differs, and only where a case says so.
    if (c.differs === undefined) expect(mine).toEqual(theirs);
    else expect(mine).not.toEqual(theirs);
  });

  it('differs on these counts of cases: gap 3, repeat 5, either day 4; agrees on the rest', () => {
    const count = (why: Case['differs']) => CASES.filter((c) => c.differs === why).length;
    expect([count('gap'), count('repeat'), count('either day'), count(undefined)]).toEqual([
      3,
      5,
      4,
      CASES.length - 12,
    ]);
  });
});

describe('previous run: at, just after and just before each of our runs', () => {
  it.each(CASES)('$what ($expression in $zone)', (c) => {
    const s = schedule(c.expression, c.zone);
    const runs = ours(c);
    const probes: [number, number][] = [];
    for (const [i, run] of runs.entries()) {
      probes.push([run, run], [run + 1, run], [run + 999, run]);
      const before = runs[i - 1];
      if (before !== undefined) {
        probes.push([run - 1, before], [Math.floor((before + run) / 2), before]);
      }
    }
    const answers = probes.map(([at]) => latestOccurrence(s, at));
    expect(answers).toEqual(probes.map(([, expected]) => expected));
  });
});

describe('previous run: the last of our runs enumerated from days earlier', () => {
  it.each([
    ['*/30 * * * *', 'Europe/Berlin', '2026-10-25T00:40:00Z'],
    ['*/30 * * * *', 'Europe/Berlin', '2026-10-25T01:10:00Z'],
    ['*/20 1 * * *', 'America/New_York', '2026-11-01T06:10:00Z'],
    ['30 2 * * *', 'Australia/Sydney', '2026-04-04T16:00:00Z'],
    ['30 2 * * *', 'Europe/Berlin', '2026-03-29T12:00:00Z'],
    ['0 9 * * *', 'America/New_York', '2027-03-14T12:59:59Z'],
    ['50 23 * * *', 'America/Santiago', '2026-04-05T03:10:00Z'],
  ])('%s in %s at %s', (expression, zone, at) => {
    const atMs = Date.parse(at);
    const s = schedule(expression, zone);
    const planned = nextOccurrences(s, atMs - 3 * 86_400_000, 400);
    expect(planned.at(-1)).toBeGreaterThan(atMs);
    const expected = planned.filter((run) => run <= atMs).at(-1);
    expect(expected).toBeDefined();
    expect(latestOccurrence(s, atMs)).toBe(expected);
  });
});
