import { tzOffset } from '@date-fns/tz';

/**
 * Wall clock <-> instant in a zone, exactly as node-cron 4 converts them, so that the runs the
 * cron module names are the instants node-cron fires at, daylight-saving changes included.
 * (src/time/zoned.ts has the bot's own policy for windows; node-cron's differs in the overlap.)
 */

export interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export type Wall = Day & TimeOfDay;

export const secondsOfDay = (t: TimeOfDay) => t.hour * 3600 + t.minute * 60 + t.second;

/** The instant node-cron runs `wall` at, or null when that wall time does not exist (a gap). */
export function runInstant(wall: Wall, timeZone: string): number | null {
  const instant = wallToInstant(wall, timeZone);
  const back = wallOf(instant, timeZone);
  const same =
    back.year === wall.year &&
    back.month === wall.month &&
    back.day === wall.day &&
    secondsOfDay(back) === secondsOfDay(wall);
  return same ? instant : null;
}

/** node-cron's conversion of a wall time to an instant (see the DST notes at the top). */
export function wallToInstant(wall: Wall, timeZone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const firstOffset = offsetMs(timeZone, guess);
  const first = guess - firstOffset;
  const secondOffset = offsetMs(timeZone, first);
  if (secondOffset === firstOffset) return first;
  const second = guess - secondOffset;
  const readsBack = (instant: number) =>
    secondsOfDay(wallOf(instant, timeZone)) === secondsOfDay(wall);
  if (readsBack(first)) return first;
  if (readsBack(second)) return second;
  return Math.max(first, second);
}

function offsetMs(timeZone: string, instant: number): number {
  return tzOffset(timeZone, new Date(instant)) * 60_000;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `instant`. */
export function wallOf(instant: number, timeZone: string): Wall {
  let formatter = partsFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}
