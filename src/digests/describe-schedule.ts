import type { DigestConfig } from '../config/config.js';
import { formatInstant } from '../messages/format-time.js';
import { nextOccurrences, parseCronSchedule } from './cron.js';

/**
 * check-config's view of a digest: its next runs in its own zone, or why node-cron cannot run
 * its schedule (the config's syntax check is looser than node-cron on a few forms, e.g. `5/10`).
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
