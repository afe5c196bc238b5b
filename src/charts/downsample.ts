import type { ChartBucket, RatePoint } from './chart.js';

/**
 * Long series are merged before drawing: a 90-day hourly window has 2,160 buckets, more than the
 * picture has pixel columns, and Vega's time grows with the marks. Merging keeps the story: bars
 * are summed (whole groups of consecutive buckets, like the text trend), and a rate line keeps the
 * highest point of each group, so a spike is never averaged away.
 */

/** Bars drawn at most (about 2.5 px each at the layout width). */
export const MAX_BARS = 240;
/** Rate points drawn at most. */
export const MAX_POINTS = 600;

export function mergeBuckets(
  buckets: readonly ChartBucket[],
  maxBars: number = MAX_BARS,
): readonly ChartBucket[] {
  if (buckets.length <= maxBars) return buckets;
  const size = groupSize(buckets.length, maxBars);
  const merged: ChartBucket[] = [];
  for (let i = 0; i < buckets.length; i += size) {
    const group = buckets.slice(i, i + size);
    const first = group[0];
    const last = group.at(-1);
    if (first === undefined || last === undefined) continue;
    const length = first.endMs - first.startMs;
    const inWindow = group.reduce((sum, b) => sum + b.share * (b.endMs - b.startMs), 0);
    merged.push({
      startMs: first.startMs,
      endMs: last.endMs,
      failed: group.reduce((sum, b) => sum + b.failed, 0),
      total: group.reduce((sum, b) => sum + b.total, 0),
      // The share of a full group (size buckets) in the window: a short last group is partial.
      share: Math.min(1, inWindow / (length * size)),
    });
  }
  return merged;
}

/**
 * Buckets per bar: the smallest of 2, 3, 4, 6, 12, 24 hours (or days), then whole weeks' worth,
 * that fits. Sizes that divide a day keep bars from beating against the daily cycle (9-hour bars
 * of a day-shaped series alternate tall and short for no reason in the data).
 */
const GROUP_SIZES = [2, 3, 4, 6, 12, 24, 48, 72, 168] as const;

export function groupSize(count: number, maxBars: number): number {
  const fits = GROUP_SIZES.find((size) => Math.ceil(count / size) <= maxBars);
  return fits ?? Math.ceil(count / maxBars / 168) * 168;
}

export function thinPoints(
  points: readonly RatePoint[],
  maxPoints: number = MAX_POINTS,
): readonly RatePoint[] {
  if (points.length <= maxPoints) return points;
  const size = Math.ceil(points.length / maxPoints);
  const kept: RatePoint[] = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    const highest = group.reduce((best, p) => (p.rate > best.rate ? p : best));
    kept.push(highest);
  }
  // The latest point is labelled: keep it whatever its rate.
  const latest = points.at(-1);
  if (latest !== undefined && kept.at(-1) !== latest) kept.push(latest);
  return kept;
}
