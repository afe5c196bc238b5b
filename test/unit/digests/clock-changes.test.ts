import { describe, expect, it } from 'vitest';
import { planCatchUp } from '../../../src/digests/catch-up.js';
import {
  type CronSchedule,
  latestOccurrence,
  nextOccurrences,
  parseCronSchedule,
  scheduleWarnings,
} from '../../../src/digests/cron.js';
import { planWake } from '../../../src/digests/cron-tasks.js';

/**
 * Issue 15: a digest on every day it is due, whatever the zone's clocks do. The four reported
 * cases with their exact instants, then a table of clock changes in the zones named (west of
 * Greenwich with a repeated 23:xx hour, east of it, Lord Howe's 30-minute shift, the southern
 * hemisphere). Every instant is fixed; nothing reads the wall clock.
 */

function schedule(expression: string, zone: string): CronSchedule {
  const parsed = parseCronSchedule(expression, zone);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.schedule;
}

const at = Date.parse;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const runs = (expression: string, zone: string, after: string, count: number) =>
  nextOccurrences(schedule(expression, zone), at(after), count).map(iso);

describe('issue 15, case 1: the previous run in the second pass of a repeated 23:xx hour', () => {
  const santiago = schedule('50 23 * * *', 'America/Santiago');

  it('at 23:10 −04 (second pass, 2026-04-05T03:10Z) the latest run is 23:50 −03 that day', () => {
    // Santiago's clocks go back at 2026-04-05T03:00Z (00:00 −03 -> 23:00 −04 on the 4th).
    expect(iso(latestOccurrence(santiago, at('2026-04-05T03:10:00Z')))).toBe(
      '2026-04-05T02:50:00.000Z',
    );
  });

  it('a restart there catches up that run (already done: its claim says so), not the day before', () => {
    const plan = planCatchUp(santiago, {
      now: at('2026-04-05T03:10:00Z'),
      firstSeen: at('2026-03-01T00:00:00Z'),
      lastRun: at('2026-04-05T02:50:00Z'),
    });
    expect(iso(plan.due)).toBe('2026-04-05T02:50:00.000Z');
    expect(plan.skipped).toBe(0);
  });

  it('the latest run at every minute of the two passes is that day’s', () => {
    for (let t = at('2026-04-05T02:50:00Z'); t < at('2026-04-06T03:50:00Z'); t += 60_000) {
      expect(iso(latestOccurrence(santiago, t))).toBe('2026-04-05T02:50:00.000Z');
    }
  });
});

describe('issue 15, case 2: a daily run whose local time does not exist that day', () => {
  it('02:30 Berlin on 2026-03-29 (spring-forward) runs at 03:00 CEST, the first instant after the gap', () => {
    expect(runs('30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('times in one gap that land on the same instant run once (02:00, 02:30 and 03:00 are 03:00)', () => {
    expect(runs('0,30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
    expect(runs('0 2,3 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
  });
});

describe('issue 15, case 3: starting during the first pass of the repeated hour, east of Greenwich', () => {
  const berlin = schedule('0 2 * * *', 'Europe/Berlin');
  // 2026-10-25: 03:00 CEST (01:00Z) -> 02:00 CET; 02:00 happens at 00:00Z and at 01:00Z.

  it('the day’s run is the first pass, 02:00 CEST (00:00Z); the next is the 26th', () => {
    expect(runs('0 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-26T01:00:00.000Z',
    ]);
  });

  it('a start at 02:30 CEST (00:30Z) posts it late through catch-up; the timer goes on to the 26th', () => {
    const now = at('2026-10-25T00:30:00Z');
    const plan = planCatchUp(berlin, {
      now,
      firstSeen: at('2026-10-01T00:00:00Z'),
      lastRun: at('2026-10-24T00:00:00Z'),
    });
    expect(iso(plan.due)).toBe('2026-10-25T00:00:00.000Z');
    const wake = planWake(berlin, now, now);
    expect(wake.due).toBeNull();
    expect(iso(wake.nextRun)).toBe('2026-10-26T01:00:00.000Z');
  });

  it('at every minute of both passes, the day’s run is exactly one of catch-up’s or the timer’s', () => {
    for (let now = at('2026-10-24T23:00:00Z'); now <= at('2026-10-25T02:00:00Z'); now += 60_000) {
      const due = planCatchUp(berlin, {
        now,
        firstSeen: at('2026-10-01T00:00:00Z'),
        lastRun: at('2026-10-24T00:00:00Z'),
      }).due;
      const next = planWake(berlin, now, now).nextRun;
      const run = at('2026-10-25T00:00:00Z');
      expect([due, next].filter((t) => t === run)).toHaveLength(1);
    }
  });
});

describe('issue 15, case 4: day of month and day of week both restricted', () => {
  it('`0 0 1 * wed` is the 1st and every Wednesday (Vixie cron, cronie, croniter, cron-parser)', () => {
    // 2026-04-01 is a Wednesday and the 1st; 2026-05-01 a Friday.
    expect(runs('0 0 1 * wed', 'UTC', '2026-03-31T00:00:00Z', 7)).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-04-08T00:00:00.000Z',
      '2026-04-15T00:00:00.000Z',
      '2026-04-22T00:00:00.000Z',
      '2026-04-29T00:00:00.000Z',
      '2026-05-01T00:00:00.000Z',
      '2026-05-06T00:00:00.000Z',
    ]);
  });

  it('with either field `*` (or `*/n`), the other alone decides', () => {
    expect(runs('0 0 * * wed', 'UTC', '2026-04-27T00:00:00Z', 2)).toEqual([
      '2026-04-29T00:00:00.000Z',
      '2026-05-06T00:00:00.000Z',
    ]);
    expect(runs('0 0 1 * *', 'UTC', '2026-04-27T00:00:00Z', 2)).toEqual([
      '2026-05-01T00:00:00.000Z',
      '2026-06-01T00:00:00.000Z',
    ]);
    expect(runs('0 0 */10 * wed', 'UTC', '2026-04-27T00:00:00Z', 1)).toEqual([
      '2026-07-01T00:00:00.000Z',
    ]);
  });

  it('is warned about, and the forms tools agree on are not', () => {
    const now = at('2026-06-01T00:00:00Z');
    expect(scheduleWarnings(schedule('0 0 1 * wed', 'UTC'), now)).toEqual([
      expect.stringMatching(/restricts both the day of month and the day of week.*either/),
    ]);
    expect(scheduleWarnings(schedule('0 9 * * 1-5', 'UTC'), now)).toEqual([]);
    expect(scheduleWarnings(schedule('0 0 1 * *', 'UTC'), now)).toEqual([]);
  });
});

describe('warnings of clock changes in the coming year', () => {
  const now = at('2026-06-01T00:00:00Z');
  it.each([
    [
      '30 2 * * *',
      'Europe/Berlin',
      [/2026-10-25.*go back.*once, the first time/, /2027-03-28.*go forward.*right after/],
    ],
    ['50 23 * * *', 'America/Santiago', [/2027-04-03.*go back/]],
    ['0 9 * * *', 'Europe/Berlin', []],
    ['*/30 * * * *', 'Europe/Berlin', []],
  ])('%s in %s', (expression, zone, expected) => {
    const warnings = scheduleWarnings(schedule(expression, zone), now);
    expect(warnings).toHaveLength(expected.length);
    for (const pattern of expected) expect(warnings.some((w) => pattern.test(w))).toBe(true);
  });
});

interface DstCase {
  readonly zone: string;
  readonly what: string;
  readonly expression: string;
  readonly after: string;
  readonly runs: readonly string[];
}

/**
 * Each change: the run the day before, the day's own run, the day after (or, for every-hour
 * schedules, the runs through the change). Instants worked out from the zone's rules by hand,
 * in the comments.
 */
const DST_CASES: readonly DstCase[] = [
  {
    zone: 'America/Santiago',
    what: 'clocks back 2026-04-05 00:00 −03 -> 23:00 −04: 23:50 runs once, first pass (02:50Z)',
    expression: '50 23 * * *',
    after: '2026-04-03T12:00:00Z',
    runs: ['2026-04-04T02:50:00Z', '2026-04-05T02:50:00Z', '2026-04-06T03:50:00Z'],
  },
  {
    zone: 'America/Santiago',
    what: 'clocks forward 2026-09-06 00:00 −04 -> 01:00 −03: 00:30 runs at 01:00 −03 (04:00Z)',
    expression: '30 0 * * *',
    after: '2026-09-04T12:00:00Z',
    runs: ['2026-09-05T04:30:00Z', '2026-09-06T04:00:00Z', '2026-09-07T03:30:00Z'],
  },
  {
    zone: 'America/Asuncion',
    what: 'clocks back 2023-03-26 00:00 −03 -> 23:00 −04: 23:50 first pass (02:50Z)',
    expression: '50 23 * * *',
    after: '2023-03-24T12:00:00Z',
    runs: ['2023-03-25T02:50:00Z', '2023-03-26T02:50:00Z', '2023-03-27T03:50:00Z'],
  },
  {
    zone: 'America/Asuncion',
    what: 'clocks forward 2023-10-01 00:00 −04 -> 01:00 −03: 00:30 runs at 04:00Z',
    expression: '30 0 * * *',
    after: '2023-09-29T12:00:00Z',
    runs: ['2023-09-30T04:30:00Z', '2023-10-01T04:00:00Z', '2023-10-02T03:30:00Z'],
  },
  {
    zone: 'America/Sao_Paulo',
    what: 'clocks back 2018-02-18 00:00 −02 -> 23:00 −03: 23:50 first pass (01:50Z)',
    expression: '50 23 * * *',
    after: '2018-02-16T12:00:00Z',
    runs: ['2018-02-17T01:50:00Z', '2018-02-18T01:50:00Z', '2018-02-19T02:50:00Z'],
  },
  {
    zone: 'America/Sao_Paulo',
    what: 'clocks forward 2018-11-04 00:00 −03 -> 01:00 −02: 00:30 runs at 03:00Z',
    expression: '30 0 * * *',
    after: '2018-11-02T12:00:00Z',
    runs: ['2018-11-03T03:30:00Z', '2018-11-04T03:00:00Z', '2018-11-05T02:30:00Z'],
  },
  {
    zone: 'America/Nuuk',
    what: 'clocks forward 2026-03-29T01:00Z (23:00 −02 -> 00:00 −01): 23:30 on the 28th at 01:00Z',
    expression: '30 23 * * *',
    after: '2026-03-27T12:00:00Z',
    runs: ['2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
  },
  {
    zone: 'America/Nuuk',
    what: 'clocks back 2026-10-25T01:00Z (00:00 −01 -> 23:00 −02): 23:50 first pass (00:50Z)',
    expression: '50 23 * * *',
    after: '2026-10-23T12:00:00Z',
    runs: ['2026-10-24T00:50:00Z', '2026-10-25T00:50:00Z', '2026-10-26T01:50:00Z'],
  },
  {
    zone: 'Europe/Berlin',
    what: 'clocks forward 2026-03-29T01:00Z: 02:30 runs at 03:00 CEST (01:00Z)',
    expression: '30 2 * * *',
    after: '2026-03-27T12:00:00Z',
    runs: ['2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
  },
  {
    zone: 'Europe/Berlin',
    what: 'clocks back 2026-10-25T01:00Z: 02:30 once, CEST (00:30Z)',
    expression: '30 2 * * *',
    after: '2026-10-23T12:00:00Z',
    runs: ['2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
  },
  {
    zone: 'Europe/Berlin',
    what: 'every 30 minutes through the repeated hour: both passes, every 30 minutes of real time',
    expression: '*/30 * * * *',
    after: '2026-10-24T23:10:00Z',
    runs: [
      '2026-10-24T23:30:00Z',
      '2026-10-25T00:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T01:30:00Z',
    ],
  },
  {
    zone: 'Europe/Berlin',
    what: 'every 30 minutes through the gap: 02:00 and 02:30 do not exist, no real time is lost',
    expression: '*/30 * * * *',
    after: '2026-03-29T00:10:00Z',
    runs: ['2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z'],
  },
  {
    zone: 'Australia/Lord_Howe',
    what: 'clocks forward half an hour 2026-10-04 02:00 +10:30 -> 02:30 +11: 02:15 at 15:30Z',
    expression: '15 2 * * *',
    after: '2026-10-02T00:00:00Z',
    runs: ['2026-10-02T15:45:00Z', '2026-10-03T15:30:00Z', '2026-10-04T15:15:00Z'],
  },
  {
    zone: 'Australia/Lord_Howe',
    what: 'clocks back half an hour 2026-04-05 02:00 +11 -> 01:30 +10:30: 01:45 first pass',
    expression: '45 1 * * *',
    after: '2026-04-03T00:00:00Z',
    runs: ['2026-04-03T14:45:00Z', '2026-04-04T14:45:00Z', '2026-04-05T15:15:00Z'],
  },
  {
    zone: 'Australia/Lord_Howe',
    what: 'hourly through the half-hour gap: 02:00 does not exist, 01:00 then 03:00 +11',
    expression: '0 * * * *',
    after: '2026-10-03T13:00:00Z',
    runs: [
      '2026-10-03T13:30:00Z',
      '2026-10-03T14:30:00Z',
      '2026-10-03T16:00:00Z',
      '2026-10-03T17:00:00Z',
    ],
  },
  {
    zone: 'Australia/Lord_Howe',
    what: 'every 30 minutes through the repeated half hour: both passes of 01:30',
    expression: '*/30 * * * *',
    after: '2026-04-04T14:00:00Z',
    runs: [
      '2026-04-04T14:30:00Z',
      '2026-04-04T15:00:00Z',
      '2026-04-04T15:30:00Z',
      '2026-04-04T16:00:00Z',
    ],
  },
  {
    zone: 'Australia/Sydney',
    what: 'southern spring 2026-10-04 02:00 AEST -> 03:00 AEDT: 02:30 at 03:00 AEDT (16:00Z)',
    expression: '30 2 * * *',
    after: '2026-10-02T00:00:00Z',
    runs: ['2026-10-02T16:30:00Z', '2026-10-03T16:00:00Z', '2026-10-04T15:30:00Z'],
  },
  {
    zone: 'Australia/Sydney',
    what: 'southern autumn 2026-04-05 03:00 AEDT -> 02:00 AEST: 02:30 once, AEDT (15:30Z)',
    expression: '30 2 * * *',
    after: '2026-04-03T00:00:00Z',
    runs: ['2026-04-03T15:30:00Z', '2026-04-04T15:30:00Z', '2026-04-05T16:30:00Z'],
  },
  {
    zone: 'Australia/Sydney',
    what: 'weekly Sunday 02:30 on the spring-forward Sunday still runs',
    expression: '30 2 * * sun',
    after: '2026-09-26T00:00:00Z',
    runs: ['2026-09-26T16:30:00Z', '2026-10-03T16:00:00Z', '2026-10-10T15:30:00Z'],
  },
];

describe('clock changes, zone by zone', () => {
  it.each(DST_CASES)('$zone: $what', ({ zone, expression, after, runs: expected }) => {
    const s = schedule(expression, zone);
    const ms = expected.map((run) => at(run));
    expect(nextOccurrences(s, at(after), ms.length)).toEqual(ms);
    // The previous run at each run, just before it and just after it agrees with the next runs.
    for (const [i, run] of ms.entries()) {
      expect(latestOccurrence(s, run)).toBe(run);
      expect(latestOccurrence(s, run + 59_999)).toBe(run);
      const before = ms[i - 1];
      if (before !== undefined) expect(latestOccurrence(s, run - 1)).toBe(before);
    }
  });

  it('covers the zones named in the issue, Lord Howe and the southern hemisphere', () => {
    expect(new Set(DST_CASES.map((c) => c.zone))).toEqual(
      new Set([
        'America/Santiago',
        'America/Asuncion',
        'America/Sao_Paulo',
        'America/Nuuk',
        'Europe/Berlin',
        'Australia/Lord_Howe',
        'Australia/Sydney',
      ]),
    );
  });
});

describe('every offset change 2011-2027 in the zones named: daily schedules run once a day', () => {
  const ZONES = [
    'America/Santiago',
    'America/Asuncion',
    'America/Sao_Paulo',
    'America/Nuuk',
    'Europe/Berlin',
    'Australia/Lord_Howe',
    'Australia/Sydney',
  ];
  const DAY = 86_400_000;
  const offsetAt = (format: Intl.DateTimeFormat, t: number) =>
    format.formatToParts(t).find((part) => part.type === 'timeZoneName')?.value ?? '';
  /** Instants (UTC midnights) of the days on which the zone's offset changes. */
  const changeDays = (zone: string) => {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    const days: number[] = [];
    let before = offsetAt(format, at('2011-01-01T00:00:00Z'));
    for (let t = at('2011-01-02T00:00:00Z'); t < at('2028-01-01T00:00:00Z'); t += DAY) {
      const now = offsetAt(format, t);
      if (now !== before) days.push(t - DAY);
      before = now;
    }
    return days;
  };

  it.each(ZONES)('%s', (zone) => {
    const days = changeDays(zone);
    expect(days.length).toBeGreaterThan(3);
    let checked = 0;
    for (let hour = 0; hour < 24; hour++) {
      for (const minute of [0, 30, 50]) {
        const s = schedule(`${minute} ${hour} * * *`, zone);
        for (const day of days) {
          // From two days before the change to two days after: one run a day (a missed day
          // would leave 44 h or more between runs, a doubled one less than 20 h; a run moved
          // past a gap may fall on the next calendar day, as 23:00 in Nuuk on 2024-03-30 runs at
          // 00:00 on the 31st), and the previous run of each is the run the day before.
          const found = nextOccurrences(s, day - 2 * DAY, 5);
          expect(found).toHaveLength(5);
          for (const [i, run] of found.entries()) {
            const before = found[i - 1];
            if (before === undefined) continue;
            expect(run - before).toBeGreaterThan(20 * 3_600_000);
            expect(run - before).toBeLessThan(28 * 3_600_000);
            expect(latestOccurrence(s, run - 1)).toBe(before);
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBe(72 * days.length);
  });
});
