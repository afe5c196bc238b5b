import { describe, expect, it } from 'vitest';
import type { WindowSpec } from '../../../src/time/window.js';
import {
  formatWindowSpec,
  looksLikeWindow,
  parseWindowSpec,
} from '../../../src/time/window-spec.js';

const relative = (amount: number, unit: 'm' | 'h' | 'd'): WindowSpec => ({
  kind: 'relative',
  amount,
  unit,
});
const dates = (start: string, end: string): WindowSpec => {
  const civil = (s: string) => {
    const [year, month, day] = s.split('-').map(Number) as [number, number, number];
    return { year, month, day };
  };
  return { kind: 'dates', start: civil(start), end: civil(end) };
};
const datetimes = (start: string, end: string): WindowSpec => {
  const civil = (s: string) => {
    const [date = '', time = ''] = s.split('T');
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    return { year, month, day, hour, minute };
  };
  return { kind: 'datetimes', start: civil(start), end: civil(end) };
};

describe('parseWindowSpec: every WINDOW form', () => {
  it.each<[string, WindowSpec, string]>([
    ['15m', relative(15, 'm'), '15m'],
    ['6h', relative(6, 'h'), '6h'],
    ['24h', relative(24, 'h'), '24h'],
    ['7d', relative(7, 'd'), '7d'],
    ['30d', relative(30, 'd'), '30d'],
    ['1m', relative(1, 'm'), '1m'],
    ['90d', relative(90, 'd'), '90d'],
    ['2160h', relative(2160, 'h'), '2160h'],
    ['129600m', relative(129600, 'm'), '129600m'],
    ['007d', relative(7, 'd'), '7d'],
    ['0000000000000000007d', relative(7, 'd'), '7d'],
    ['24H', relative(24, 'h'), '24h'],
    ['today', { kind: 'calendar', name: 'today' }, 'today'],
    ['yesterday', { kind: 'calendar', name: 'yesterday' }, 'yesterday'],
    ['this-week', { kind: 'calendar', name: 'this-week' }, 'this-week'],
    ['last-week', { kind: 'calendar', name: 'last-week' }, 'last-week'],
    ['this-month', { kind: 'calendar', name: 'this-month' }, 'this-month'],
    ['last-month', { kind: 'calendar', name: 'last-month' }, 'last-month'],
    ['YESTERDAY', { kind: 'calendar', name: 'yesterday' }, 'yesterday'],
    ['This-Week', { kind: 'calendar', name: 'this-week' }, 'this-week'],
    ['2026-11-01..2026-11-07', dates('2026-11-01', '2026-11-07'), '2026-11-01..2026-11-07'],
    ['2026-11-01..2026-11-01', dates('2026-11-01', '2026-11-01'), '2026-11-01..2026-11-01'],
    ['2026-12-30..2027-01-02', dates('2026-12-30', '2027-01-02'), '2026-12-30..2027-01-02'],
    ['2028-02-28..2028-02-29', dates('2028-02-28', '2028-02-29'), '2028-02-28..2028-02-29'],
    ['2000-02-29..2000-03-01', dates('2000-02-29', '2000-03-01'), '2000-02-29..2000-03-01'],
    // 90 days counting both ends: 1 Jan + 89 days = 31 Mar.
    ['2026-01-01..2026-03-31', dates('2026-01-01', '2026-03-31'), '2026-01-01..2026-03-31'],
    [
      '2026-11-01T09:00..2026-11-01T17:30',
      datetimes('2026-11-01T09:00', '2026-11-01T17:30'),
      '2026-11-01T09:00..2026-11-01T17:30',
    ],
    [
      '2026-11-01t00:00..2026-11-02t23:59',
      datetimes('2026-11-01T00:00', '2026-11-02T23:59'),
      '2026-11-01T00:00..2026-11-02T23:59',
    ],
    [
      '2026-01-01T00:00..2026-04-01T00:00',
      datetimes('2026-01-01T00:00', '2026-04-01T00:00'),
      '2026-01-01T00:00..2026-04-01T00:00',
    ],
    ['  6h  ', relative(6, 'h'), '6h'],
  ])('%s', (word, spec, canonical) => {
    const result = parseWindowSpec(word);
    expect(result).toEqual({ ok: true, spec });
    expect(formatWindowSpec(spec)).toBe(canonical);
    // The canonical text reads back to the same spec.
    expect(parseWindowSpec(canonical)).toEqual({ ok: true, spec });
  });
});

describe('parseWindowSpec: bad input names the word and what is wrong', () => {
  it.each<[string, string]>([
    ['banana', 'is not a window'],
    ['', 'is not a window'],
    ['400d', 'is longer than the 90 days the bot can show'],
    ['91d', 'is longer than the 90 days the bot can show'],
    ['2161h', 'is longer than the 90 days the bot can show'],
    ['129601m', 'is longer than the 90 days the bot can show'],
    ['99999999999999999999999999d', 'is longer than the 90 days the bot can show'],
    ['0h', 'is an empty window'],
    ['0m', 'is an empty window'],
    ['-5h', 'whole number of minutes, hours or days'],
    ['+5h', 'whole number of minutes, hours or days'],
    ['1.5h', 'whole number of minutes, hours or days'],
    ['2w', 'whole number of minutes, hours or days'],
    ['5', 'whole number of minutes, hours or days'],
    ['1h30m', 'is not a window'],
    ['thisweek', 'did you mean `this-week`'],
    ['last_month', 'did you mean `last-month`'],
    ['tomorrow', 'is not a window'],
    ['2026-02-30..2026-03-01', 'does not exist: 2026-02-30'],
    ['2026-13-01..2026-13-02', 'does not exist: 2026-13-01'],
    ['2026-11-00..2026-11-02', 'does not exist: 2026-11-00'],
    ['2027-02-29..2027-03-01', 'does not exist: 2027-02-29'],
    ['2100-02-29..2100-03-01', 'does not exist: 2100-02-29'],
    ['2026-11-07..2026-11-01', 'starts after it ends'],
    ['2026-01-01..2026-04-01', 'is longer than the 90 days the bot can show'],
    ['2026-11-01T25:00..2026-11-02T00:00', 'time of day that does not exist: 25:00'],
    ['2026-11-01T24:00..2026-11-02T01:00', 'time of day that does not exist: 24:00'],
    ['2026-11-01T09:60..2026-11-01T10:00', 'time of day that does not exist: 09:60'],
    ['2026-11-01T10:00..2026-11-01T09:00', 'starts after it ends'],
    ['2026-11-01T10:00..2026-11-01T10:00', 'is an empty window'],
    ['2026-01-01T00:00..2026-04-01T00:01', 'is longer than the 90 days'],
    ['2026-11-01..2026-11-02T10:00', 'mixes a date and a date with a time'],
    ['2026-11-01..', 'is not a range'],
    ['..2026-11-01', 'is not a range'],
    ['2026-11-01..2026-11-02..2026-11-03', 'is not a range'],
    ['26-11-01..26-11-07', 'is not a range'],
    ['2026-11-01', 'is a single date'],
    ['2026-11-01T09:00', 'has no end'],
    ['1969-12-31..1970-01-01', 'outside the years 1970 to 9999'],
  ])('%j', (word, problem) => {
    const result = parseWindowSpec(word);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(`\`${word.trim()}\``);
    expect(result.reason).toContain(problem);
    // One sentence: outside code spans, no full stop followed by more text.
    expect(result.reason.replace(/`[^`]*`/g, '')).not.toMatch(/[.!?]\s/);
  });

  it('shortens a very long word in its reason and keeps backticks from closing the code span', () => {
    const long = `${'9'.repeat(200)}x`;
    const result = parseWindowSpec(long);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeLessThan(200);

    const ticked = parseWindowSpec('a`b');
    expect(ticked.ok).toBe(false);
    if (!ticked.ok) expect(ticked.reason.startsWith("`a'b`")).toBe(true);
  });
});

describe('looksLikeWindow', () => {
  it.each<[string, boolean]>([
    ['400d', true],
    ['-5h', true],
    ['2026-02-30..2026-03-01', true],
    ['..x', true],
    ['thisweek', true],
    ['next-week', true],
    ['banana', false],
    ['hourlyy', false],
    ['source', false],
  ])('%s -> %s', (word, expected) => {
    expect(looksLikeWindow(word)).toBe(expected);
  });
});
