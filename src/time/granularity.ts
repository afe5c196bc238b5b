import { type Granularity, HOURLY_MAX_HOURS } from './window.js';

const MS_PER_HOUR = 3_600_000;

/** Hourly buckets for windows up to HOURLY_MAX_HOURS (inclusive), daily ones for longer windows. */
export function defaultGranularity(window: { from: number; to: number }): Granularity {
  return window.to - window.from <= HOURLY_MAX_HOURS * MS_PER_HOUR ? 'hourly' : 'daily';
}
