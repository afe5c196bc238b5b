import { type CronSchedule, latestOccurrence, nextOccurrence } from './cron.js';

/**
 * What to do about runs a digest missed while the bot was down (pure). Only the latest run at or
 * before now can still be posted: it belongs to the current period (its next run has not come
 * yet). Older misses are superseded by it and only counted for the log. Runs before the digest
 * was first seen were never due.
 */
export interface CatchUpPlan {
  /** The run to post late (its claim decides whether it was in fact done), or null. */
  readonly due: number | null;
  /** Missed runs skipped because a later one superseded them (counted up to `MAX_COUNTED`). */
  readonly skipped: number;
  readonly skippedCapped: boolean;
}

const MAX_COUNTED = 1000;

export function planCatchUp(
  schedule: CronSchedule,
  input: { readonly now: number; readonly firstSeen: number; readonly lastRun: number | null },
): CatchUpPlan {
  const latest = latestOccurrence(schedule, input.now);
  if (latest === null || latest < input.firstSeen)
    return { due: null, skipped: 0, skippedCapped: false };
  // Runs strictly between the last recorded one (or the first sighting) and the latest.
  const after = Math.max(input.firstSeen - 1, input.lastRun ?? Number.NEGATIVE_INFINITY);
  let skipped = 0;
  let at = nextOccurrence(schedule, after);
  while (at !== null && at < latest && skipped < MAX_COUNTED) {
    skipped += 1;
    at = nextOccurrence(schedule, at);
  }
  return { due: latest, skipped, skippedCapped: skipped >= MAX_COUNTED };
}

/** A run posted more than this after its time is marked late in its message. */
export const LATE_AFTER_MS = 60_000;

export const isLate = (scheduledAt: number, now: number) => now - scheduledAt > LATE_AFTER_MS;

/**
 * When a run that found the stats API down tries again: five minutes later, or halfway to the
 * next run for schedules more frequent than ten minutes, and never less than a second.
 */
export function retryAt(schedule: CronSchedule, scheduledAt: number, now: number): number {
  const next = nextOccurrence(schedule, scheduledAt) ?? scheduledAt + 10 * 60_000;
  const delay = Math.max(1000, Math.min(5 * 60_000, Math.floor((next - scheduledAt) / 2)));
  return now + delay;
}
