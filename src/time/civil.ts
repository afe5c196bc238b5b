import type { CivilDate, CivilDateTime } from './window.js';

/**
 * Zone-free calendar arithmetic on civil (wall-calendar) dates. Dates are mapped to a day number
 * (days since 1970-01-01 in the proleptic Gregorian calendar) so that adding days, comparing and
 * finding the weekday never touch a time zone or the machine's local zone.
 */

const MS_PER_DAY = 86_400_000;

/** Earliest year a window may name: the stats API speaks Unix milliseconds. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function isValidCivilDate(d: CivilDate): boolean {
  return (
    Number.isInteger(d.year) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.day) &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month)
  );
}

export function isValidTimeOfDay(hour: number, minute: number): boolean {
  return (
    Number.isInteger(hour) &&
    Number.isInteger(minute) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59
  );
}

/** Days since 1970-01-01. Uses setUTCFullYear because Date.UTC maps years 0-99 to 1900-1999. */
export function dayNumber(d: CivilDate): number {
  const date = new Date(0);
  date.setUTCFullYear(d.year, d.month - 1, d.day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

export function fromDayNumber(days: number): CivilDate {
  const date = new Date(days * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function addDays(d: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(d) + days);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(d: CivilDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((dayNumber(d) + 3) % 7) + 7) % 7) + 1;
}

/** Minutes between two wall-clock date-times, ignoring any zone (positive when b is later). */
export function wallMinutesBetween(a: CivilDateTime, b: CivilDateTime): number {
  const minutesOf = (x: CivilDateTime) => dayNumber(x) * 1440 + x.hour * 60 + x.minute;
  return minutesOf(b) - minutesOf(a);
}

/** The wall-clock date-time read as if it were UTC, in ms: the starting point for zone lookups. */
export function wallAsUtcMs(d: CivilDateTime): number {
  return dayNumber(d) * MS_PER_DAY + (d.hour * 60 + d.minute) * 60_000;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2026-11-01`. */
export function formatCivilDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}`;
}

/** `2026-11-01T09:00`. */
export function formatCivilDateTime(d: CivilDateTime): string {
  return `${formatCivilDate(d)}T${pad2(d.hour)}:${pad2(d.minute)}`;
}

/** `09:00`. */
export function formatTimeOfDay(d: CivilDateTime): string {
  return `${pad2(d.hour)}:${pad2(d.minute)}`;
}
