import { TZDate, tzOffset } from '@date-fns/tz';
import { wallAsUtcMs } from './civil.js';
import type { CivilDate, CivilDateTime } from './window.js';

/**
 * Conversions between instants and wall-clock times in an IANA zone.
 *
 * Daylight-saving policy for wall times (the same one RFC 5545 and Temporal's "compatible" use):
 * - a wall time that does not exist (the spring-forward gap, e.g. 02:30 in Europe/Berlin on
 *   2026-03-29) resolves FORWARD by the length of the gap (to 03:30 CEST);
 * - a wall time that exists twice (the fall-back overlap, e.g. 02:30 in Europe/Berlin on
 *   2026-10-25) resolves to its FIRST occurrence (02:30 CEST, 00:30 UTC).
 * We do this ourselves from `tzOffset` rather than through `new TZDate(y, m, d, h, mi, zone)`,
 * whose choice in the overlap differs between zones.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** The calendar date that `instant` falls on in `timeZone`. */
export function civilDateOf(instant: number, timeZone: string): CivilDate {
  const local = new TZDate(instant, timeZone);
  return { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate() };
}

/** The instant at which clocks in `timeZone` show `wall` (see the DST policy above). */
export function wallTimeToInstant(wall: CivilDateTime, timeZone: string): number {
  const asUtc = wallAsUtcMs(wall);
  // Every offset in force within a day either side: zone transitions are never closer together.
  const offsets = new Set(
    [asUtc - MS_PER_DAY, asUtc, asUtc + MS_PER_DAY].map((t) => offsetMs(timeZone, t)),
  );
  const candidates = [...offsets].map((offset) => ({
    instant: asUtc - offset,
    matches: offsetMs(timeZone, asUtc - offset) === offset,
  }));
  const existing = candidates.filter((c) => c.matches).map((c) => c.instant);
  if (existing.length > 0) return Math.min(...existing); // first occurrence in an overlap
  // In a gap no candidate matches; the one computed with the earlier (smaller) offset is the
  // later instant, which is the wall time shifted forward by the gap.
  return Math.max(...candidates.map((c) => c.instant));
}

/** The instant of local midnight at the start of `date` (or the first instant of that day). */
export function startOfCivilDay(date: CivilDate, timeZone: string): number {
  return wallTimeToInstant({ ...date, hour: 0, minute: 0 }, timeZone);
}

function offsetMs(timeZone: string, instant: number): number {
  return tzOffset(timeZone, new Date(instant)) * MS_PER_MINUTE;
}
