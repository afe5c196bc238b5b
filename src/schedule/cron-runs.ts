import type { CronFields } from './cron-expression.js';

/**
 * Which runs a cron schedule names in a time zone: a pure function of (rules, from, to), the one
 * source of truth for the digests' scheduler, catch-up, check-config and the subscription replies.
 *
 * A day's runs are its wall times (hour, minute, second from the fields) on each local calendar
 * day that matches (month; day of month and day of week), turned into instants in the zone:
 * - a wall time that exists once runs then;
 * - a wall time in a spring-forward gap (02:30 in Berlin on the last Sunday of March) runs at the
 *   first instant after the gap (03:00 CEST), so a daily digest still gets its run that day;
 * - a wall time that exists twice (fall-back) runs once, at its first pass (02:30 CEST in Berlin,
 *   23:50 −03 in Santiago), east or west of Greenwich alike;
 * - except for schedules that run every hour (the hour field covers all 24): those follow elapsed
 *   time, as Vixie cron's wildcard jobs do: wall times in a gap are skipped (no hour was lost) and
 *   the repeated hour runs in both passes (no hour goes without its run).
 * Runs of one day that land on the same instant (02:00 and 02:30 both moved to 03:00) are one run.
 * Day of month and day of week, both restricted (neither written `*`): a day matches when EITHER
 * does (`0 0 1 * wed` is the 1st and every Wednesday), as in Vixie cron, cronie, croniter and
 * cron-parser; when one is `*`, the other alone decides.
 * No function here reads the clock.
 */

export interface CronRules {
  readonly fields: CronFields;
  /** An IANA zone the runtime knows (canonical). */
  readonly timeZone: string;
  /** Day of month and day of week both restricted: a day matches when either does. */
  readonly eitherDay: boolean;
  /** The hour field covers all 24 hours: runs follow elapsed time across clock changes. */
  readonly everyHour: boolean;
}

const DAY_MS = 86_400_000;
/** Runs further away than this count as never (covers "29 Feb on a Monday", every 28 years). */
export const HORIZON_DAYS = 366 * 30;

/** The UTC offset of `zone` at instant `t`, in ms (wall time = t + offset). */
export function zoneOffset(zone: string, t: number): number {
  const second = Math.floor(t / 1000) * 1000;
  const parts = formatterOf(zone).formatToParts(new Date(second));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour') % 24,
    get('minute'),
    get('second'),
  );
  return wall - second;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** A local calendar day as the number of days since 1970-01-01. */
type DayNumber = number;

const dayOf = (zone: string, t: number): DayNumber =>
  Math.floor((t + zoneOffset(zone, t)) / DAY_MS);

function dayMatches(rules: CronRules, day: DayNumber): boolean {
  const date = new Date(day * DAY_MS);
  const { fields } = rules;
  if (!fields.month.includes(date.getUTCMonth() + 1)) return false;
  const byMonthDay = fields.dayOfMonth.includes(date.getUTCDate());
  const byWeekday = fields.dayOfWeek.includes(date.getUTCDay());
  return rules.eitherDay ? byMonthDay || byWeekday : byMonthDay && byWeekday;
}

/**
 * The instant the offset changes between `before` (offset `o1`) and `after` (offset `o2`): the
 * first whole second with the new offset.
 */
function transition(zone: string, before: number, after: number, o1: number): number {
  let lo = Math.floor(before / 1000); // offset o1
  let hi = Math.ceil(after / 1000); // not o1
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffset(zone, mid * 1000) === o1) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

const dayCaches = new WeakMap<CronRules, Map<DayNumber, readonly number[]>>();
const MAX_CACHED_DAYS = 400;

/** The run instants of one local day, ascending, no duplicates (empty when the day does not match). */
export function runsOfDay(rules: CronRules, day: DayNumber): readonly number[] {
  if (!dayMatches(rules, day)) return [];
  let cache = dayCaches.get(rules);
  if (cache === undefined) {
    cache = new Map();
    dayCaches.set(rules, cache);
  }
  const cached = cache.get(day);
  if (cached !== undefined) return cached;
  const runs = computeRunsOfDay(rules, day);
  if (cache.size >= MAX_CACHED_DAYS) cache.clear();
  cache.set(day, runs);
  return runs;
}

/**
 * A local day's offsets: every wall time of the day is its UTC reading minus an offset the zone
 * has within 14 h of it (offsets span −12…+14 h), so the offsets at both ends of that span tell
 * whether the day has a change, and where. Per zone and day, whatever the schedule (cached).
 */
interface DayShape {
  /** The offset before the change (or all day). */
  readonly o1: number;
  /** The offset after the change (o1 when none). */
  readonly o2: number;
  /** The instant of the change, or null. */
  readonly change: number | null;
}

const shapes = new Map<string, DayShape>();
const MAX_CACHED_SHAPES = 20_000;

function dayShape(zone: string, day: DayNumber): DayShape {
  const key = `${zone} ${day}`;
  const cached = shapes.get(key);
  if (cached !== undefined) return cached;
  const start = day * DAY_MS - 15 * 3_600_000;
  const end = (day + 1) * DAY_MS + 15 * 3_600_000;
  const o1 = zoneOffset(zone, start);
  const o2 = zoneOffset(zone, end);
  const shape = { o1, o2, change: o1 === o2 ? null : transition(zone, start, end, o1) };
  if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
  shapes.set(key, shape);
  return shape;
}

function computeRunsOfDay(rules: CronRules, day: DayNumber): readonly number[] {
  const { hour, minute, second } = rules.fields;
  const { o1, o2, change } = dayShape(rules.timeZone, day);
  const runs: number[] = [];
  for (const h of hour) {
    for (const m of minute) {
      for (const s of second) {
        const wall = day * DAY_MS + (h * 3600 + m * 60 + s) * 1000;
        if (change === null) {
          runs.push(wall - o1);
          continue;
        }
        const early = wall - o1; // the reading with the old offset: valid before the change
        const late = wall - o2; // with the new offset: valid from the change on
        const earlyValid = early < change;
        const lateValid = late >= change;
        if (earlyValid && lateValid) {
          // Repeated (fall-back): the first pass; both for every-hour schedules.
          runs.push(early);
          if (rules.everyHour) runs.push(late);
        } else if (earlyValid) runs.push(early);
        else if (lateValid) runs.push(late);
        else if (!rules.everyHour) runs.push(change); // in the gap: the first instant after it
      }
    }
  }
  runs.sort((a, b) => a - b);
  return runs.filter((run, i) => i === 0 || run !== runs[i - 1]);
}

/**
 * The local day of an instant is within a day of its UTC day (offsets span −12…+14 h): the
 * searches below start a day or two wide of it, with no time zone arithmetic (days are cached).
 */
const SLACK_MS = 15 * 3_600_000;

/** The first run strictly after `after`, or null if none within HORIZON_DAYS. */
export function nextRun(rules: CronRules, after: number): number | null {
  // A day's runs can land on the next calendar day (a gap moved them forward): start a day early.
  const first = Math.floor((after - SLACK_MS) / DAY_MS) - 1;
  for (let day = first; day <= first + HORIZON_DAYS; day++) {
    const runs = runsOfDay(rules, day);
    if (runs.length === 0 || (runs.at(-1) ?? after) <= after) continue;
    return runs[firstAbove(runs, after)] ?? null;
  }
  return null;
}

/** The latest run at or before `at`, or null if none within HORIZON_DAYS. */
export function latestRun(rules: CronRules, at: number): number | null {
  const last = Math.floor((at + SLACK_MS) / DAY_MS) + 1;
  for (let day = last; day >= last - HORIZON_DAYS; day--) {
    const runs = runsOfDay(rules, day);
    if (runs.length === 0 || (runs[0] ?? at + 1) > at) continue;
    return runs[firstAbove(runs, at) - 1] ?? null;
  }
  return null;
}

/** Every run in (from, to], oldest first, at most `limit` of them. */
export function runsBetween(
  rules: CronRules,
  from: number,
  to: number,
  limit = Number.POSITIVE_INFINITY,
): number[] {
  const found: number[] = [];
  for (let at = nextRun(rules, from); at !== null && at <= to && found.length < limit; ) {
    found.push(at);
    at = nextRun(rules, at);
  }
  return found;
}

/** Index of the first run greater than `t` (runs ascending). */
function firstAbove(runs: readonly number[], t: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid] ?? 0) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The clock changes that move a wall time on a day: in `from`..`to`, the local days where one of
 * the schedule's wall times does not exist (moved) or exists twice (run at the first pass). For
 * the subscription reply and check-config, so a person sees it coming.
 */
export interface ClockChangeNote {
  /** The local day, as YYYY-MM-DD. */
  readonly day: string;
  readonly kind: 'gap' | 'repeat';
}

export function clockChangesAffecting(
  rules: CronRules,
  from: number,
  to: number,
): ClockChangeNote[] {
  const notes: ClockChangeNote[] = [];
  if (rules.everyHour) return notes;
  const zone = rules.timeZone;
  for (let day = dayOf(zone, from); day <= dayOf(zone, to); day++) {
    if (!dayMatches(rules, day)) continue;
    const { o1, o2, change } = dayShape(zone, day);
    if (change === null) continue;
    const { hour, minute, second } = rules.fields;
    let kind: ClockChangeNote['kind'] | null = null;
    for (const h of hour) {
      for (const m of minute) {
        for (const s of second) {
          const wall = day * DAY_MS + (h * 3600 + m * 60 + s) * 1000;
          const earlyValid = wall - o1 < change;
          const lateValid = wall - o2 >= change;
          if (earlyValid && lateValid) kind ??= 'repeat';
          else if (!earlyValid && !lateValid) kind ??= 'gap';
        }
      }
    }
    if (kind !== null) notes.push({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), kind });
  }
  return notes;
}
