import type { Granularity } from '../stats/types.js';

/**
 * How much of a bucket lies in the window, and what a partial bucket counts as when compared with
 * whole ones. A window rarely starts or ends on a bucket boundary: `24h` at 13:27 has a first hourly
 * bucket with 33 minutes in the window and a last one with 27. Drawn as they are, such buckets look
 * like a dip at the very edge people read first, so the text trend (messages/trend-bars.ts) and the
 * charts both scale a partial bucket to a full one, and leave out one that is too little in the
 * window to scale (scaling two minutes up to an hour would turn one failure into a spike).
 *
 * Buckets are taken to be as long as their granularity (1 hour, 24 hours) from their start, which
 * is how the API aligns them (UTC hours and days).
 */

export const BUCKET_MS: Readonly<Record<Granularity, number>> = {
  hourly: 3_600_000,
  daily: 86_400_000,
};

/** Below this share of a bucket inside the window it is not drawn; the notes say "a quarter". */
export const MIN_DRAWN_SHARE = 0.25;

/** Shares this close to 1 are whole (they are sums of ratios of whole milliseconds). */
const WHOLE = 1 - 1e-9;

export function isWholeShare(share: number): boolean {
  return share >= WHOLE;
}

/**
 * The share of a bucket starting at `start` that lies in the window: 1 when the start is unknown
 * or the bucket does not overlap the window at all (an API aligned otherwise is drawn as it is).
 */
export function shareInWindow(
  start: number | null,
  length: number,
  window: { readonly from: number; readonly to: number },
): number {
  if (start === null) return 1;
  const covered = Math.min(start + length, window.to) - Math.max(start, window.from);
  return covered > 0 ? Math.min(1, covered / length) : 1;
}

/**
 * A count scaled to a full bucket (divided by the share in the window); the count itself when
 * whole; null when too little of the bucket is in the window to scale it.
 */
export function scaledToFull(value: number, share: number): number | null {
  if (isWholeShare(share)) return value;
  return share >= MIN_DRAWN_SHARE ? value / share : null;
}

/** Negative, NaN and infinite counts count as zero (the API is not trusted to be sane). */
export function countOrZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
