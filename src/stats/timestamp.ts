import type { Timestamp } from './types.js';

/**
 * Provider timestamps are documented only as "string". In practice they arrive as ISO 8601
 * (with or without a zone) or as Unix milliseconds written as a string (or, from some
 * serialisers, as a number). We parse both ourselves instead of `Date.parse`, because
 * `Date.parse` reads a zone-less date-time as *local* time, and the bot must not give different
 * answers on machines in different zones: a zone-less value is UTC here.
 */

// YYYY-MM-DD, then optionally [T or space]HH:mm[:ss[.fraction]], then optionally Z or ±HH[:]mm / ±HH.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

const NUMERIC_MS_PATTERN = /^[+-]?\d+(?:\.\d+)?$/;

// The range ECMAScript dates can represent; beyond it an instant is meaningless to us.
const MAX_EPOCH_MS = 8.64e15;

/**
 * Reads a provider timestamp. Missing or empty -> null (no timestamp at all). Anything else
 * becomes `{ raw, ms }` where `ms` is null when the value is neither ISO 8601 nor numeric ms,
 * so the raw text can still be shown as given.
 */
export function parseTimestamp(raw: string | number | null | undefined): Timestamp | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') {
    return { raw: String(raw), ms: toInstant(raw) };
  }
  const text = raw.trim();
  if (text === '') return null;
  if (NUMERIC_MS_PATTERN.test(text)) {
    return { raw, ms: toInstant(Number(text)) };
  }
  return { raw, ms: parseIso(text) };
}

function toInstant(ms: number): number | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) return null;
  return Math.trunc(ms);
}

function parseIso(text: string): number | null {
  const match = ISO_PATTERN.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offH, offM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  // Fractions may have any number of digits; milliseconds are the first three.
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;

  let offsetMinutes = 0;
  if (sign && !zulu) {
    const offsetHours = Number(offH);
    const offsetMins = Number(offM ?? 0);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }

  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts them back where ISO says.
  const date = new Date(utc);
  date.setUTCFullYear(year);
  return toInstant(date.getTime() - offsetMinutes * 60_000);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
