import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatRate } from '../../../src/messages/format.js';
import {
  formatDuration,
  formatInstant,
  formatRelative,
  formatWindowRange,
} from '../../../src/messages/format-time.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [12_345, '12,345'],
    [1_234_567, '1,234,567'],
    [-42, '-42'],
    [2.6, '3'],
    [Number.NaN, 'n/a'],
    [Number.POSITIVE_INFINITY, 'n/a'],
  ])('%d -> %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0%'],
    [1, '100%'],
    [0.973, '97.3%'],
    [0.5, '50%'],
    [0.0449, '4.5%'],
    [0.0004, '<0.1%'],
    [0.001, '0.1%'],
    [0.9996, '>99.9%'],
    [0.999, '99.9%'],
    [1.35, '135%'],
    [-0.2, '-20%'],
    [Number.NaN, 'n/a'],
  ])('%d -> %s', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });
});

describe('formatRate', () => {
  it.each([
    [56, 1234, '4.5%'],
    [0, 10, '0%'],
    [10, 10, '100%'],
    [1, 3000, '<0.1%'],
    [0, 0, 'n/a'],
    [5, 0, 'n/a'],
    [5, Number.NaN, 'n/a'],
  ])('%d of %d -> %s', (part, whole, expected) => {
    expect(formatRate(part, whole)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [999.4, '999 ms'],
    [999.6, '1s'],
    [1500, '1.5s'],
    [42 * SECOND, '42s'],
    [59.7 * SECOND, '1m'],
    [83 * SECOND, '1m 23s'],
    [2 * MINUTE, '2m'],
    [2 * HOUR + 5 * MINUTE, '2h 5m'],
    [3 * DAY + 4 * HOUR, '3d 4h'],
    [3 * DAY + 4 * HOUR + 20 * MINUTE, '3d 4h'],
    [2 * DAY, '2d'],
    [-1, 'n/a'],
    [Number.NaN, 'n/a'],
  ])('%d ms -> %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it.each([
    [now, 'just now'],
    [now - 30 * SECOND, 'just now'],
    [now - 5 * MINUTE, '5 min ago'],
    [now - 59 * MINUTE - 59 * SECOND, '59 min ago'],
    [now - 3 * HOUR - 10 * MINUTE, '3 h ago'],
    [now - DAY, '1 day ago'],
    [now - 2 * DAY - 5 * HOUR, '2 days ago'],
    [now + 5 * MINUTE, 'in 5 min'],
    [now + 2 * HOUR, 'in 2 h'],
    [now + 3 * DAY, 'in 3 days'],
    [Number.NaN, 'n/a'],
  ])('%d -> %s', (ms, expected) => {
    expect(formatRelative(ms, now)).toBe(expected);
  });
});

describe('formatWindowRange', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it.each([
    {
      name: 'a day in Berlin (winter time)',
      window: { from: Date.parse('2026-11-27T12:00Z'), to: now, timeZone: 'Europe/Berlin' },
      now,
      expected: 'Fri 27 Nov 13:00 – Sat 28 Nov 13:00 (Europe/Berlin)',
    },
    {
      name: 'across the end of summer time in Berlin (24 h, one hour less on the clock)',
      window: {
        from: Date.parse('2026-10-24T11:00Z'),
        to: Date.parse('2026-10-25T11:00Z'),
        timeZone: 'Europe/Berlin',
      },
      now,
      expected: 'Sat 24 Oct 13:00 – Sun 25 Oct 12:00 (Europe/Berlin)',
    },
    {
      name: 'the 23-hour day when New York starts summer time',
      window: {
        from: Date.parse('2026-03-08T05:00Z'),
        to: Date.parse('2026-03-09T04:00Z'),
        timeZone: 'America/New_York',
      },
      now,
      expected: 'Sun 8 Mar 00:00 – Mon 9 Mar 00:00 (America/New_York)',
    },
    {
      name: 'within one day: the date once',
      window: { from: Date.parse('2026-11-28T08:00Z'), to: now, timeZone: 'UTC' },
      now,
      expected: 'Sat 28 Nov 08:00 – 12:00 (UTC)',
    },
    {
      name: 'a half-hour zone',
      window: { from: Date.parse('2026-11-28T06:30Z'), to: now, timeZone: 'Asia/Kolkata' },
      now,
      expected: 'Sat 28 Nov 12:00 – 17:30 (Asia/Kolkata)',
    },
    {
      name: 'a past year shows the year',
      window: {
        from: Date.parse('2025-12-01T00:00Z'),
        to: Date.parse('2025-12-02T00:00Z'),
        timeZone: 'UTC',
      },
      now,
      expected: 'Mon 1 Dec 2025 00:00 – Tue 2 Dec 2025 00:00 (UTC)',
    },
    {
      name: 'across new year: both years',
      window: {
        from: Date.parse('2025-12-31T00:00Z'),
        to: Date.parse('2026-01-01T00:00Z'),
        timeZone: 'UTC',
      },
      now: Date.parse('2026-01-01T00:00Z'),
      expected: 'Wed 31 Dec 2025 00:00 – Thu 1 Jan 2026 00:00 (UTC)',
    },
    {
      name: 'an unknown zone falls back to UTC instead of failing',
      window: { from: Date.parse('2026-11-28T08:00Z'), to: now, timeZone: 'Mars/Olympus' },
      now,
      expected: 'Sat 28 Nov 08:00 – 12:00 (UTC)',
    },
  ])('$name', ({ window, now: at, expected }) => {
    expect(formatWindowRange(window, at)).toBe(expected);
  });
});

describe('formatInstant', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it.each([
    [now, 'Europe/Berlin', {}, 'Sat 28 Nov 13:00'],
    [now + 5 * SECOND, 'UTC', { seconds: true }, 'Sat 28 Nov 12:00:05'],
    [Date.parse('2024-02-29T23:30Z'), 'UTC', {}, 'Thu 29 Feb 2024 23:30'],
    [Number.NaN, 'UTC', {}, 'n/a'],
  ])('%d in %s', (ms, zone, options, expected) => {
    expect(formatInstant(ms, zone, now, options)).toBe(expected);
  });
});
