import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  formatCivilDate,
  isoWeekday,
  isValidCivilDate,
  wallMinutesBetween,
} from '../../../src/time/civil.js';

const d = (year: number, month: number, day: number) => ({ year, month, day });

describe('civil dates', () => {
  it.each([
    [2028, 2, 29],
    [2026, 2, 28],
    [2000, 2, 29],
    [2100, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
    expect(isValidCivilDate(d(year, month, days))).toBe(true);
    expect(isValidCivilDate(d(year, month, days + 1))).toBe(false);
  });

  it.each([d(2026, 0, 1), d(2026, 13, 1), d(2026, 1, 0), d(2026, 1.5, 1)])('refuses %j', (date) => {
    expect(isValidCivilDate(date)).toBe(false);
  });

  it.each([
    [d(2026, 12, 31), 1, '2027-01-01'],
    [d(2028, 2, 28), 1, '2028-02-29'],
    [d(2028, 3, 1), -1, '2028-02-29'],
    [d(2026, 3, 1), -1, '2026-02-28'],
    [d(2026, 1, 1), -7, '2025-12-25'],
    [d(1970, 1, 1), 0, '1970-01-01'],
  ])('%j plus %i days is %s', (date, days, expected) => {
    expect(formatCivilDate(addDays(date, days))).toBe(expected);
  });

  it.each([
    [d(2026, 11, 9), 1],
    [d(2026, 11, 15), 7],
    [d(2027, 1, 1), 5],
    [d(1970, 1, 1), 4],
    [d(1969, 12, 29), 1],
  ])('%j is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });

  it('counts wall minutes without any zone', () => {
    const a = { ...d(2026, 3, 29), hour: 1, minute: 30 };
    const b = { ...d(2026, 3, 30), hour: 1, minute: 0 };
    expect(wallMinutesBetween(a, b)).toBe(23 * 60 + 30);
    expect(wallMinutesBetween(b, a)).toBe(-(23 * 60 + 30));
  });
});
