import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import type { TimeWindow } from '../time/window.js';

/**
 * Durations, relative times and instants for humans. Pure: "now" is always a parameter, and
 * instants are shown in an explicit IANA zone (the window's), never the machine's.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "850 ms", "1.5s", "42s", "1m 23s", "2h 5m", "3d 4h"; zero parts are left out ("2h"). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'n/a';
  if (Math.round(ms) < SECOND) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100) / 10;
  if (tenths < 10) return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}s`;
  const seconds = Math.round(ms / SECOND);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return twoUnits(Math.floor(seconds / 60), 'm', seconds % 60, 's');
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 24 * 60) return twoUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'm');
  const hours = Math.round(ms / HOUR);
  return twoUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function twoUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit} ${minor}${minorUnit}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago"; an instant after `now` reads "in 5 min". */
export function formatRelative(ms: number, now: number): string {
  if (!Number.isFinite(ms) || !Number.isFinite(now)) return 'n/a';
  const distance = Math.abs(now - ms);
  if (distance < MINUTE) return 'just now';
  let amount: string;
  if (distance < HOUR) amount = `${Math.floor(distance / MINUTE)} min`;
  else if (distance < DAY) amount = `${Math.floor(distance / HOUR)} h`;
  else {
    const days = Math.floor(distance / DAY);
    amount = `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  return ms > now ? `in ${amount}` : `${amount} ago`;
}

/**
 * Zones already checked, and the answer. Building an Intl.DateTimeFormat to check a zone costs a
 * fraction of a millisecond, several times per message (see bench/README.md); the runtime's zone
 * data never changes while it runs, and the names come from config and Slack profiles, so a small
 * bounded map remembers them.
 */
const knownZones = new Map<string, string>();
const MAX_KNOWN_ZONES = 1_000;

/** The zone if this runtime knows it, else UTC, so a bad zone never crashes a message. */
export function displayZone(timeZone: string): string {
  const known = knownZones.get(timeZone);
  if (known !== undefined) return known;
  let shown: string;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    shown = timeZone;
  } catch {
    shown = 'UTC';
  }
  if (knownZones.size >= MAX_KNOWN_ZONES) knownZones.clear();
  knownZones.set(timeZone, shown);
  return shown;
}

function yearIn(ms: number, zone: string): string {
  return format(ms, 'yyyy', { in: tz(zone) });
}

/**
 * "Sat 28 Nov 13:00" in `timeZone`, with the year when it is not the current one ("Sat 28 Nov
 * 2025 13:00"); `seconds` adds ":05".
 */
export function formatInstant(
  ms: number,
  timeZone: string,
  now: number,
  options: { readonly seconds?: boolean } = {},
): string {
  if (!Number.isFinite(ms)) return 'n/a';
  const zone = displayZone(timeZone);
  const withYear = yearIn(ms, zone) !== yearIn(now, zone);
  const pattern = `EEE d MMM${withYear ? ' yyyy' : ''} HH:mm${options.seconds ? ':ss' : ''}`;
  return format(ms, pattern, { in: tz(zone) });
}

/**
 * The exact window in its own zone: "Fri 27 Nov 13:00 – Sat 28 Nov 13:00 (Europe/Berlin)", or
 * "Sat 28 Nov 09:00 – 13:00 (UTC)" within one day. The end is the window's exclusive end, as the
 * API is asked for it. Years appear when either end is not in the current year.
 */
export function formatWindowRange(
  window: Pick<TimeWindow, 'from' | 'to' | 'timeZone'>,
  now: number,
): string {
  if (!Number.isFinite(window.from) || !Number.isFinite(window.to)) return 'n/a';
  const zone = displayZone(window.timeZone);
  const inZone = { in: tz(zone) };
  const withYear = [window.from, window.to].some((ms) => yearIn(ms, zone) !== yearIn(now, zone));
  const datePattern = `EEE d MMM${withYear ? ' yyyy' : ''}`;
  const sameDay =
    format(window.from, 'yyyy-MM-dd', inZone) === format(window.to, 'yyyy-MM-dd', inZone);
  const start = format(window.from, `${datePattern} HH:mm`, inZone);
  const end = format(window.to, sameDay ? 'HH:mm' : `${datePattern} HH:mm`, inZone);
  return `${start} – ${end} (${zone})`;
}
