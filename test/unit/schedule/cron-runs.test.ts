import { describe, expect, it } from 'vitest';
import { parseCronExpression, restrictsBothDays } from '../../../src/schedule/cron-expression.js';
import {
  type CronRules,
  clockChangesAffecting,
  latestRun,
  nextRun,
  runsBetween,
  zoneOffset,
} from '../../../src/schedule/cron-runs.js';

/**
 * The pure run function (schedule/cron-runs.ts) on its own: offsets, the day-field rule, and that
 * "next", "latest" and "between" are one set of instants, checked at every 10 minutes around
 * clock changes in several zones. Fixed instants only.
 */

function rules(expression: string, timeZone: string): CronRules {
  const parsed = parseCronExpression(expression);
  if (!parsed.ok) throw new Error(parsed.reason);
  return {
    fields: parsed.fields,
    timeZone,
    eitherDay: restrictsBothDays(expression),
    everyHour: parsed.fields.hour.length === 24,
  };
}

const at = Date.parse;
const HOUR = 3_600_000;

describe('zone offsets', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29T00:59:59Z', 1 * HOUR],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', 2 * HOUR],
    ['America/Santiago', '2026-04-05T02:59:59Z', -3 * HOUR],
    ['America/Santiago', '2026-04-05T03:00:00Z', -4 * HOUR],
    ['Australia/Lord_Howe', '2026-10-03T15:29:59Z', 10.5 * HOUR],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', 11 * HOUR],
    ['Asia/Kathmandu', '2026-01-01T00:00:00Z', 5.75 * HOUR],
    ['UTC', '2026-01-01T00:00:00.999Z', 0],
  ])('%s at %s', (zone, instant, offset) => {
    expect(zoneOffset(zone, at(instant))).toBe(offset);
  });
});

describe('both day fields restricted', () => {
  it.each([
    ['0 0 1 * wed', true],
    ['0 0 1-7 * 1', true],
    ['0 0 0 1 * 1', true],
    ['0 0 * * wed', false],
    ['0 0 1 * *', false],
    ['0 0 */2 * mon', false],
    ['0 0 1 * */2', false],
    ['0 0 ? * mon', false],
  ])('%s: %s', (expression, both) => {
    expect(restrictsBothDays(expression)).toBe(both);
  });
});

describe('next, latest and between name one set of instants', () => {
  const zones = [
    'Europe/Berlin',
    'America/Santiago',
    'America/Nuuk',
    'Australia/Lord_Howe',
    'America/New_York',
  ];
  const expressions = ['30 2 * * *', '50 23 * * *', '0 0 * * *', '*/20 * * * *', '15 1,2 * * 0'];
  const windows = [
    ['2026-03-26T00:00:00Z', '2026-04-08T00:00:00Z'],
    ['2026-09-03T00:00:00Z', '2026-09-10T00:00:00Z'],
    ['2026-10-01T00:00:00Z', '2026-10-08T00:00:00Z'],
    ['2026-10-22T00:00:00Z', '2026-11-04T00:00:00Z'],
  ] as const;

  it.each(zones.flatMap((zone) => expressions.map((expression) => [expression, zone])))(
    '%s in %s',
    (expression, zone) => {
      const r = rules(expression, zone);
      for (const [from, to] of windows) {
        const all = runsBetween(r, at(from), at(to));
        expect([...all].sort((a, b) => a - b)).toEqual(all);
        expect(new Set(all).size).toBe(all.length);
        for (let t = at(from); t < at(to) - 2 * 86_400_000; t += 10 * 60_000) {
          const next = nextRun(r, t);
          const latest = latestRun(r, t);
          // next is the first of `all` after t (or beyond `to`); latest the last at or before t
          const first = all.find((run) => run > t);
          if (first === undefined) expect(next === null || next > at(to)).toBe(true);
          else expect(next).toBe(first);
          if (latest !== null && latest > at(from)) {
            expect(latest).toBe(all.filter((run) => run <= t).at(-1));
          }
        }
      }
    },
  );
});

describe('the clock changes that move a schedule', () => {
  it('lists the days a wall time is missing or repeated, none for every-hour schedules', () => {
    const from = at('2026-01-01T00:00:00Z');
    const to = at('2026-12-31T00:00:00Z');
    expect(clockChangesAffecting(rules('30 2 * * *', 'Europe/Berlin'), from, to)).toEqual([
      { day: '2026-03-29', kind: 'gap' },
      { day: '2026-10-25', kind: 'repeat' },
    ]);
    expect(clockChangesAffecting(rules('0 9 * * *', 'Europe/Berlin'), from, to)).toEqual([]);
    expect(clockChangesAffecting(rules('30 2 * * 1-5', 'Europe/Berlin'), from, to)).toEqual([]);
    expect(clockChangesAffecting(rules('*/30 * * * *', 'Europe/Berlin'), from, to)).toEqual([]);
    expect(clockChangesAffecting(rules('45 1 * * *', 'Australia/Lord_Howe'), from, to)).toEqual([
      { day: '2026-04-05', kind: 'repeat' },
    ]);
    expect(clockChangesAffecting(rules('15 2 * * *', 'Australia/Lord_Howe'), from, to)).toEqual([
      { day: '2026-10-04', kind: 'gap' },
    ]);
  });
});
