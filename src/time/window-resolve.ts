import { addDays, isoWeekday } from './civil.js';
import type { TimeWindow, WindowSpec } from './window.js';
import { windowLabel } from './window-label.js';
import { formatWindowSpec, windowSpecProblem } from './window-spec.js';
import { canonicalTimeZone } from './zone.js';
import { civilDateOf, startOfCivilDay, wallTimeToInstant } from './zoned.js';

/**
 * Turns a WindowSpec into instants, in a zone, at a given now.
 *
 * - Relative windows (`24h`, `7d`) end at now and are exact multiples of 60 s / 1 h / 24 h, so
 *   `7d` is 168 hours even across a daylight-saving change.
 * - Calendar windows follow the wall calendar of `timeZone`: days run from local midnight to local
 *   midnight (so "yesterday" is 23 or 25 hours long around a DST change), weeks start on Monday
 *   (ISO), and the current period (today, this-week, this-month) ends at now. That end is the
 *   period's own definition, not a cut, so `cutAtNow` stays false for them.
 * - Date ranges run from local midnight of the first day to local midnight after the last day;
 *   date-time ranges are local wall times. Wall times in a DST gap move forward, those in an
 *   overlap take the first occurrence (see zoned.ts).
 * - A range that ends after now is cut at now (`cutAtNow: true`); one that starts at or after now is
 *   refused, as there is nothing to show yet.
 */

export interface ResolveContext {
  readonly now: number;
  readonly timeZone: string;
}

export type ResolveResult =
  | { readonly ok: true; readonly window: TimeWindow }
  | { readonly ok: false; readonly reason: string };

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function resolveWindow(spec: WindowSpec, ctx: ResolveContext): ResolveResult {
  const text = formatWindowSpec(spec);
  const problem = windowSpecProblem(spec);
  if (problem !== null) return { ok: false, reason: `\`${text}\` ${problem}` };
  if (canonicalTimeZone(ctx.timeZone) === null) {
    return { ok: false, reason: `\`${ctx.timeZone}\` is not a time zone the bot knows` };
  }

  const range = requestedRange(spec, ctx);
  // Relative and calendar windows never start after now (a current period may start exactly at
  // now, e.g. "today" at midnight: an empty window, not an error). Only typed ranges are checked.
  const isRange = spec.kind === 'dates' || spec.kind === 'datetimes';
  if (isRange && range.from >= ctx.now) {
    return {
      ok: false,
      reason: `\`${text}\` starts in the future in ${ctx.timeZone}, so there is nothing to show yet`,
    };
  }
  if (isRange && range.from >= range.to) {
    // Only possible for date-times inside a spring-forward gap, e.g. 02:30..03:00 in Berlin.
    return {
      ok: false,
      reason: `\`${text}\` is empty in ${ctx.timeZone}: its times fall in a daylight-saving change`,
    };
  }
  const cutAtNow = range.to > ctx.now;
  return {
    ok: true,
    window: {
      from: range.from,
      to: cutAtNow ? ctx.now : range.to,
      label: windowLabel(spec),
      spec: text,
      timeZone: ctx.timeZone,
      cutAtNow,
    },
  };
}

interface Range {
  readonly from: number;
  readonly to: number;
}

function requestedRange(spec: WindowSpec, ctx: ResolveContext): Range {
  const { now, timeZone } = ctx;
  const dayStart = (d: Parameters<typeof startOfCivilDay>[0]) => startOfCivilDay(d, timeZone);
  switch (spec.kind) {
    case 'relative':
      return { from: now - spec.amount * UNIT_MS[spec.unit], to: now };
    case 'dates':
      return { from: dayStart(spec.start), to: dayStart(addDays(spec.end, 1)) };
    case 'datetimes':
      return {
        from: wallTimeToInstant(spec.start, timeZone),
        to: wallTimeToInstant(spec.end, timeZone),
      };
    case 'calendar': {
      const today = civilDateOf(now, timeZone);
      const monday = addDays(today, 1 - isoWeekday(today));
      const firstOfMonth = { ...today, day: 1 };
      const firstOfLastMonth =
        today.month === 1
          ? { year: today.year - 1, month: 12, day: 1 }
          : { year: today.year, month: today.month - 1, day: 1 };
      switch (spec.name) {
        case 'today':
          return { from: dayStart(today), to: now };
        case 'yesterday':
          return { from: dayStart(addDays(today, -1)), to: dayStart(today) };
        case 'this-week':
          return { from: dayStart(monday), to: now };
        case 'last-week':
          return { from: dayStart(addDays(monday, -7)), to: dayStart(monday) };
        case 'this-month':
          return { from: dayStart(firstOfMonth), to: now };
        case 'last-month':
          return { from: dayStart(firstOfLastMonth), to: dayStart(firstOfMonth) };
      }
    }
  }
}
