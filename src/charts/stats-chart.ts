import type { Granularity, TimeBucket } from '../stats/types.js';
import { BUCKET_MS, countOrZero, shareInWindow } from './bucket-share.js';
import type { ChartBucket, StatsChart } from './chart.js';

export interface StatsChartInput {
  readonly title: string;
  /** The zone the axis is labelled in: the reader's, or the digest's. */
  readonly timeZone: string;
  readonly granularity: Granularity;
  /** The API's buckets, oldest first. */
  readonly buckets: readonly TimeBucket[];
  /** The window the buckets were asked for: buckets it cuts are partial. */
  readonly window: { readonly from: number; readonly to: number };
}

/**
 * The stats chart of a window: one ChartBucket per API bucket, with the share of it that lies in
 * the window. A bucket whose start did not parse cannot be placed on a time axis and is left out
 * (the text trend still counts it); counts the API got wrong (negative, NaN) count as zero.
 */
export function statsChartOf(input: StatsChartInput): StatsChart {
  const length = BUCKET_MS[input.granularity];
  const buckets: ChartBucket[] = [];
  for (const bucket of input.buckets) {
    const startMs = bucket.bucketStart.ms;
    if (startMs === null || !Number.isFinite(startMs)) continue;
    buckets.push({
      startMs,
      endMs: startMs + length,
      failed: countOrZero(bucket.failed),
      total: countOrZero(bucket.total),
      share: shareInWindow(startMs, length, input.window),
    });
  }
  buckets.sort((a, b) => a.startMs - b.startMs);
  return { kind: 'stats', title: input.title, timeZone: input.timeZone, buckets };
}

/**
 * The chart as the renderer draws it, whoever built it: counts that are not counts are zero, a
 * share that is not a share is whole, buckets without a finite time or length are left out, oldest
 * first.
 */
export function drawableStatsChart(chart: StatsChart): StatsChart {
  const buckets = chart.buckets
    .filter((b) => Number.isFinite(b.startMs) && Number.isFinite(b.endMs) && b.endMs > b.startMs)
    .map((b) => ({
      startMs: b.startMs,
      endMs: b.endMs,
      failed: countOrZero(b.failed),
      // More failed than total is the API's mistake; the total bar is then drawn as tall.
      total: Math.max(countOrZero(b.total), countOrZero(b.failed)),
      share: Number.isFinite(b.share) && b.share > 0 ? Math.min(1, b.share) : 1,
    }))
    .sort((a, b) => a.startMs - b.startMs);
  return { ...chart, buckets };
}
