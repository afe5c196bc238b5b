import type { DigestConfig } from '../config/config.js';
import { formatInstant } from '../messages/format-time.js';
import { clockChangeNotes, dayFieldsWarning, nextOccurrences, parseCronSchedule } from './cron.js';

/**
 * check-config's view of a digest: its next runs in its own zone, or why its schedule cannot be
 * run (the config's syntax check is looser than node-cron's parser on a few forms, e.g. `5/10`).
 */
export function describeDigestSchedule(
  digest: DigestConfig,
  now: number,
  count = 3,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly text: string } {
  const parsed = parseCronSchedule(digest.schedule, digest.timezone);
  if (!parsed.ok) return { ok: false, text: `cannot be scheduled: ${parsed.reason}` };
  const runs = nextOccurrences(parsed.schedule, now, count);
  if (runs.length === 0) return { ok: true, text: 'never runs in the next 30 years' };
  const zone = parsed.schedule.timeZone;
  const shown = runs.map((at) => formatInstant(at, zone, now, { seconds: at % 60_000 !== 0 }));
  return { ok: true, text: `next: ${shown.join(', ')} (${zone})` };
}

/**
 * What check-config says about a digest's schedule beyond its next runs: a warning when cron tools
 * read its day fields differently (day of month and day of week both restricted), and notes on
 * the coming year's clock changes that move one of its runs. Empty when nothing (or unparsable:
 * describeDigestSchedule reports that).
 */
export function digestScheduleAdvice(
  digest: DigestConfig,
  now: number,
): { readonly warning: string | null; readonly notes: readonly string[] } {
  const parsed = parseCronSchedule(digest.schedule, digest.timezone);
  if (!parsed.ok) return { warning: null, notes: [] };
  return {
    warning: dayFieldsWarning(parsed.schedule),
    notes: clockChangeNotes(parsed.schedule, now),
  };
}
