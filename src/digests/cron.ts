import { parse } from 'node-cron';
import { canonicalTimeZone } from '../time/zone.js';
import { type Day, runInstant, secondsOfDay, type TimeOfDay, wallOf } from './cron-wall-time.js';

/**
 * A digest's schedule as pure data: which instants a cron expression names in a time zone, the
 * same instants node-cron 4 fires at (node-cron triggers; this module names the runs, finds the
 * run missed while the bot was down, and lists the next runs for check-config).
 *
 * Semantics, as node-cron reads a pattern (its own parser expands the fields):
 * - 5 fields (minute hour day month weekday) or 6 with seconds first; day of month AND day of
 *   week must both match (`0 9 1 * mon` is "the 1st, when it is a Monday").
 * - Wall times in a spring-forward gap do not exist and are skipped: a daily 02:30 in
 *   Europe/Berlin does not run on 2026-03-29 (no 02:30 that day) and runs again the next day.
 * - A wall time that exists twice (fall-back) runs once. Which of the two instants is node-cron's
 *   choice, mirrored in `wallToInstant`: the offset in force at the wall time read as UTC, so the
 *   first occurrence west of Greenwich (01:30 EDT in New York) and the second east of it (02:30
 *   CET in Berlin).
 */

export interface CronFields {
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: readonly number[];
  readonly month: readonly number[];
  /** 0 = Sunday … 6 = Saturday (7 already folded into 0). */
  readonly dayOfWeek: readonly number[];
}

export interface CronSchedule {
  readonly expression: string;
  readonly timeZone: string;
  readonly fields: CronFields;
}

export type CronParseResult =
  | { readonly ok: true; readonly schedule: CronSchedule }
  | { readonly ok: false; readonly reason: string };

/** Days searched before giving up (covers "29 Feb on a Monday", which recurs every 28 years). */
const MAX_DAYS = 366 * 30;

export function parseCronSchedule(expression: string, timeZone: string): CronParseResult {
  const zone = canonicalTimeZone(timeZone);
  if (zone === null) return { ok: false, reason: `"${timeZone}" is not a known time zone` };
  let raw: ReturnType<typeof parse>;
  try {
    raw = parse(expression.trim());
  } catch (error) {
    return {
      ok: false,
      reason: `"${expression}" is not a valid cron: ${(error as Error).message}`,
    };
  }
  const fields = {
    second: numbers(raw.second),
    minute: numbers(raw.minute),
    hour: numbers(raw.hour),
    dayOfMonth: numbers(raw.dayOfMonth),
    month: numbers(raw.month),
    dayOfWeek: numbers(raw.dayOfWeek),
  };
  const special = Object.values(fields).some((values) => values === null);
  if (special) {
    return { ok: false, reason: `"${expression}" uses L, W or # which digests do not support` };
  }
  return { ok: true, schedule: { expression, timeZone: zone, fields: fields as CronFields } };
}

function numbers(values: readonly (number | string)[]): number[] | null {
  if (values.some((value) => typeof value !== 'number')) return null;
  return [...(values as number[])].sort((a, b) => a - b);
}

/** The next `count` run instants strictly after `after` (Unix ms), oldest first. */
export function nextOccurrences(schedule: CronSchedule, after: number, count: number): number[] {
  const runs: number[] = [];
  let from = after;
  while (runs.length < count) {
    const next = nextOccurrence(schedule, from);
    if (next === null) break;
    runs.push(next);
    from = next;
  }
  return runs;
}

/** The first run strictly after `after`, as node-cron's walker finds it; null if none in 30 years. */
export function nextOccurrence(schedule: CronSchedule, after: number): number | null {
  const base = Math.floor(after / 1000) * 1000;
  const start = wallOf(base, schedule.timeZone);
  let day: Day = start;
  for (let i = 0; i < MAX_DAYS; i += 1, day = addDay(day)) {
    if (!dayMatches(schedule.fields, day)) continue;
    for (const time of timesOfDay(schedule.fields, 'ascending', i === 0 ? start : null)) {
      // On the first day node-cron only looks at wall times later than the base's.
      if (i === 0 && secondsOfDay(time) <= secondsOfDay(start)) continue;
      const instant = runInstant({ ...day, ...time }, schedule.timeZone);
      if (instant !== null && instant > base) return instant;
    }
  }
  return null;
}

/** The latest run at or before `at` (Unix ms), or null if none in the last 30 years. */
export function latestOccurrence(schedule: CronSchedule, at: number): number | null {
  const end = wallOf(at, schedule.timeZone);
  let day: Day = end;
  for (let i = 0; i < MAX_DAYS; i += 1, day = addDay(day, -1)) {
    if (!dayMatches(schedule.fields, day)) continue;
    // A DST overlap can put a later wall time before `at`: bound only hours well clear of it.
    const bound = i === 0 ? { ...end, hour: Math.min(23, end.hour + 1) } : null;
    for (const time of timesOfDay(schedule.fields, 'descending', bound)) {
      const instant = runInstant({ ...day, ...time }, schedule.timeZone);
      if (instant !== null && instant <= at) return instant;
    }
  }
  return null;
}

function dayMatches(fields: CronFields, day: Day): boolean {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return (
    fields.month.includes(day.month) &&
    fields.dayOfMonth.includes(day.day) &&
    fields.dayOfWeek.includes(weekday)
  );
}

/**
 * Times of day in order, skipping whole hours and minutes outside `bound` (the first day of a
 * search): after it when ascending, before it when descending. Exact bounds are checked by callers.
 */
function* timesOfDay(
  fields: CronFields,
  order: 'ascending' | 'descending',
  bound: TimeOfDay | null = null,
): Generator<TimeOfDay> {
  const up = order === 'ascending';
  const ordered = (values: readonly number[]) => (up ? values : [...values].reverse());
  const outside = (value: number, limit: number) => (up ? value < limit : value > limit);
  for (const hour of ordered(fields.hour)) {
    if (bound !== null && outside(hour, bound.hour)) continue;
    const sameHour = bound !== null && hour === bound.hour;
    for (const minute of ordered(fields.minute)) {
      if (sameHour && outside(minute, bound.minute)) continue;
      for (const second of ordered(fields.second)) yield { hour, minute, second };
    }
  }
}

function addDay(day: Day, days = 1): Day {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
