import { createTask } from 'node-cron';
import { type CronFields, parseCronExpression } from '../schedule/cron-expression.js';
import { canonicalTimeZone } from '../time/zone.js';

/**
 * A digest's schedule as data, and the instants it names in its zone, computed by node-cron 4's
 * own matcher: the `getNextMatch` its tasks call to plan every run (see cron-tasks.ts). So "next
 * runs" and "previous run" are the instants node-cron fires at, by construction, including its
 * rules (test/unit/digests/cron-agreement.test.ts holds the table):
 * - day of month AND day of week must both match (`0 9 1 * mon` is "the 1st, when a Monday");
 * - a wall time in a spring-forward gap does not exist and is skipped that day;
 * - a wall time that exists twice (fall-back) runs once, at the instant node-cron picks (the
 *   first one west of Greenwich, 01:30 EDT in New York; the second east of it, 02:30 CET in Berlin).
 * node-cron has no "previous run": `latestOccurrence` finds it by searching with `getNextMatch`.
 */

export interface CronSchedule {
  readonly expression: string;
  readonly timeZone: string;
  readonly fields: CronFields;
}

export type CronParseResult =
  | { readonly ok: true; readonly schedule: CronSchedule }
  | { readonly ok: false; readonly reason: string };

/** Runs further away than this count as never (covers "29 Feb on a Monday", every 28 years). */
const HORIZON_MS = 366 * 30 * 86_400_000;

export function parseCronSchedule(expression: string, timeZone: string): CronParseResult {
  const zone = canonicalTimeZone(timeZone);
  if (zone === null) return { ok: false, reason: `"${timeZone}" is not a known time zone` };
  const parsed = parseCronExpression(expression);
  if (!parsed.ok) return parsed;
  return { ok: true, schedule: { expression, timeZone: zone, fields: parsed.fields } };
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

/** The first run strictly after `after`, as node-cron plans it; null if none in 30 years. */
export function nextOccurrence(schedule: CronSchedule, after: number): number | null {
  let next: number;
  try {
    next = matcherOf(schedule).getNextMatch(new Date(after)).getTime();
  } catch {
    return null; // node-cron found no match in 100 years
  }
  return next - after <= HORIZON_MS ? next : null;
}

/**
 * The latest run at or before `at` (Unix ms), or null if none in the last 30 years: the last
 * instant node-cron fires at by `at`. node-cron has no "previous", so it is found with its next:
 * a run lies in (from, at] when node-cron's first run after `from` is at or before `at`. `from`
 * steps back from `at` a second, then twice as far each time, until that holds, then is narrowed
 * to the second before the latest run, whose next is that run.
 */
export function latestOccurrence(schedule: CronSchedule, at: number): number | null {
  const runBy = (from: number) => {
    const next = nextOccurrence(schedule, from);
    return next !== null && next <= at ? next : null;
  };
  let early = Number.NaN; // a run in (early, at]
  let late = at; // none seen from `late`
  for (let width = 1000; Number.isNaN(early); width *= 2) {
    const from = at - Math.min(width, HORIZON_MS);
    if (runBy(from) !== null) early = from;
    else if (width >= HORIZON_MS) return null;
    else late = from;
  }
  while (late - early > 1000) {
    const middle = early + Math.floor((late - early) / 2000) * 1000;
    if (runBy(middle) !== null) early = middle;
    else late = middle;
  }
  return runBy(early);
}

/** node-cron's matcher, the object its tasks plan with (not in its typings; checked on first use). */
interface NodeCronMatcher {
  getNextMatch(after: Date): Date;
}
type NodeCronMatcherClass = new (expression: string, timeZone: string) => NodeCronMatcher;

let matcherClass: NodeCronMatcherClass | undefined;
const matchers = new WeakMap<CronSchedule, NodeCronMatcher>();

function matcherOf(schedule: CronSchedule): NodeCronMatcher {
  let matcher = matchers.get(schedule);
  if (matcher === undefined) {
    matcherClass ??= nodeCronMatcherClass();
    matcher = new matcherClass(schedule.expression, schedule.timeZone);
    matchers.set(schedule, matcher);
  }
  return matcher;
}

/** The class of a (never started) task's `timeMatcher`, the one its runner plans with. */
function nodeCronMatcherClass(): NodeCronMatcherClass {
  const task = createTask('* * * * *', () => {});
  void task.destroy();
  const matcher: unknown = Reflect.get(task, 'timeMatcher');
  const getNextMatch: unknown =
    typeof matcher === 'object' && matcher !== null
      ? Reflect.get(matcher, 'getNextMatch')
      : undefined;
  if (typeof getNextMatch !== 'function') {
    throw new Error(
      'node-cron tasks no longer have a timeMatcher.getNextMatch: see digests/cron.ts',
    );
  }
  return (matcher as object).constructor as NodeCronMatcherClass;
}
