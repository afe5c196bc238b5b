import {
  type CronFields,
  parseCronExpression,
  restrictsBothDays,
} from '../schedule/cron-expression.js';
import {
  type CronRules,
  clockChangesAffecting,
  latestRun,
  nextRun,
  runsBetween,
} from '../schedule/cron-runs.js';
import { canonicalTimeZone } from '../time/zone.js';

/**
 * A digest's schedule as data, and the instants it names in its zone: one pure function
 * (schedule/cron-runs.ts) that the scheduler (cron-tasks.ts), catch-up, check-config and the
 * subscription replies all read, so "the runs that were due" and "the runs fired" are the same
 * set by construction (test/unit/digests/cron-runs.test.ts holds the DST table). In short:
 * - a wall time in a spring-forward gap runs at the first instant after the gap;
 * - one that exists twice runs once, at its first pass (every-hour schedules: both passes);
 * - day of month and day of week both restricted: either one matching is enough (Vixie's rule).
 */

export interface CronSchedule extends CronRules {
  readonly expression: string;
  readonly timeZone: string;
  readonly fields: CronFields;
}

export type CronParseResult =
  | { readonly ok: true; readonly schedule: CronSchedule }
  | { readonly ok: false; readonly reason: string };

export function parseCronSchedule(expression: string, timeZone: string): CronParseResult {
  const zone = canonicalTimeZone(timeZone);
  if (zone === null) return { ok: false, reason: `"${timeZone}" is not a known time zone` };
  const parsed = parseCronExpression(expression);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    schedule: {
      expression,
      timeZone: zone,
      fields: parsed.fields,
      eitherDay: restrictsBothDays(expression),
      everyHour: parsed.fields.hour.length === 24,
    },
  };
}

/** The next `count` run instants strictly after `after` (Unix ms), oldest first. */
export function nextOccurrences(schedule: CronSchedule, after: number, count: number): number[] {
  const runs: number[] = [];
  for (let from = after; runs.length < count; ) {
    const next = nextOccurrence(schedule, from);
    if (next === null) break;
    runs.push(next);
    from = next;
  }
  return runs;
}

/** The first run strictly after `after`; null if none in 30 years. */
export function nextOccurrence(schedule: CronSchedule, after: number): number | null {
  return nextRun(schedule, after);
}

/** The latest run at or before `at` (Unix ms), or null if none in the last 30 years. */
export function latestOccurrence(schedule: CronSchedule, at: number): number | null {
  return latestRun(schedule, at);
}

/** Every run due in (from, to], oldest first (at most `limit`). */
export function dueRuns(
  schedule: CronSchedule,
  from: number,
  to: number,
  limit?: number,
): number[] {
  return runsBetween(schedule, from, to, limit);
}

/**
 * The form cron tools read differently, in words, or null: day of month and day of week both
 * restricted (`0 0 1 * wed`). check-config and the subscription replies warn with it.
 */
export function dayFieldsWarning(schedule: CronSchedule): string | null {
  if (!schedule.eitherDay) return null;
  return 'This schedule restricts both the day of month and the day of week: it runs on days matching either one (as classic cron does; node-cron and some other tools require both). For days matching both, restrict only one of the two day fields.';
}

/**
 * The coming year's clock changes that move one of the schedule's runs, in words (the first of
 * each kind, in date order): a time that does not exist that day, or one that happens twice.
 */
export function clockChangeNotes(schedule: CronSchedule, now: number): string[] {
  const changes = clockChangesAffecting(schedule, now, now + 366 * 86_400_000);
  const firstOfEach = changes.filter(
    (change, i) => changes.findIndex((other) => other.kind === change.kind) === i,
  );
  const zone = schedule.timeZone;
  return firstOfEach.map((change) =>
    change.kind === 'gap'
      ? `On ${change.day} clocks in ${zone} go forward past this schedule's time: that day's run is posted right after the change.`
      : `On ${change.day} clocks in ${zone} go back over this schedule's time: that day's run is posted once, the first time.`,
  );
}

/** Everything a person should know before relying on a schedule: the warning, then the notes. */
export function scheduleWarnings(schedule: CronSchedule, now: number): string[] {
  const warning = dayFieldsWarning(schedule);
  return [...(warning === null ? [] : [warning]), ...clockChangeNotes(schedule, now)];
}
