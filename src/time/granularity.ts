import { type Granularity, HOURLY_MAX_HOURS } from './window.js';

const MS_PER_HOUR = 3_600_000;

/** Hourly buckets for windows up to HOURLY_MAX_HOURS (inclusive), daily ones for longer windows. */
export function defaultGranularity(window: { from: number; to: number }): Granularity {
  return window.to - window.from <= HOURLY_MAX_HOURS * MS_PER_HOUR ? 'hourly' : 'daily';
}

/**
 * Longest window for which `hourly` is honoured when asked for. The trend is drawn with at most
 * 36 bars (see messages/stats-sections.ts), so a week of hours is already 5 hours a bar; a longer
 * window adds detail no bar can show, at up to 24 times the response size of daily buckets
 * (90 days hourly is 2,161 buckets). One hour of slack lets a calendar week with a 25-hour day
 * (`last-week` across the autumn clock change) count as 7 days.
 */
export const HOURLY_LIMIT_DAYS = 7;
const HOURLY_LIMIT_MS = (HOURLY_LIMIT_DAYS * 24 + 1) * MS_PER_HOUR;

export interface GranularityChoice {
  readonly granularity: Granularity;
  /** True when `hourly` was asked for a window longer than HOURLY_LIMIT_DAYS: daily is used. */
  readonly hourlyTooLong: boolean;
}

/**
 * The granularity a query runs with: the one asked for, else the default for the window's length.
 * `hourly` on a window longer than HOURLY_LIMIT_DAYS falls back to daily rather than being refused:
 * a reader on a phone gets an answer at once (the reply says what happened) instead of retyping.
 */
export function chooseGranularity(
  window: { from: number; to: number },
  requested: Granularity | null,
): GranularityChoice {
  if (requested === null) return { granularity: defaultGranularity(window), hourlyTooLong: false };
  if (requested === 'hourly' && window.to - window.from > HOURLY_LIMIT_MS) {
    return { granularity: 'daily', hourlyTooLong: true };
  }
  return { granularity: requested, hourlyTooLong: false };
}
