import {
  BUCKET_MS,
  countOrZero,
  isWholeShare,
  MIN_DRAWN_SHARE,
  scaledToFull,
  shareInWindow,
} from '../charts/bucket-share.js';
import type { Granularity, TimeBucket } from '../stats/types.js';
import { NOT_DRAWN, valuesPerBar } from './sparkline.js';

export { MIN_DRAWN_SHARE };

/**
 * The bars of the trend, with partial buckets accounted for. A window rarely starts or ends on a
 * bucket boundary: `24h` at 13:27 has a first hourly bucket with 33 minutes in the window and a
 * last one with 27, `7d` a first and last day that are partly outside it, and the last of several
 * buckets summed into a bar may hold fewer buckets than the others. Drawn as they are, such bars
 * look like a dip in failures at the very edge people read first.
 *
 * So each bar is scaled to a full bar (its count divided by the share of a full bar that lies in
 * the window), which compares it with its neighbours. A bar with less than MIN_DRAWN_SHARE of it in
 * the window is not drawn at all: scaling two minutes up to an hour would turn one failure into a
 * spike. The message says which bars are partial (see partialBarsNote).
 *
 * How much of a bucket is in the window, and the scaling, are shared with the charts
 * (charts/bucket-share.ts).
 */

export interface TrendBar {
  /** Failed, scaled to a full bar; null when too little of the bar is in the window to draw it. */
  readonly failed: number | null;
  /** Total, the same way. */
  readonly total: number | null;
  /** The share of a full bar that lies in the window, 0 to 1. */
  readonly share: number;
}

export interface TrendBars {
  /** Buckets per bar (the last bar may hold fewer). */
  readonly perBar: number;
  readonly bars: readonly TrendBar[];
}

export function isWholeBar(bar: TrendBar): boolean {
  return isWholeShare(bar.share);
}

/** The buckets summed into at most `maxBars` bars, each scaled to a full bar. */
export function trendBars(
  buckets: readonly TimeBucket[],
  granularity: Granularity,
  window: { readonly from: number; readonly to: number },
  maxBars: number,
): TrendBars {
  const perBar = valuesPerBar(buckets.length, maxBars);
  const length = BUCKET_MS[granularity];
  const bars: TrendBar[] = [];
  for (let i = 0; i < buckets.length; i += perBar) {
    let failed = 0;
    let total = 0;
    let inWindow = 0;
    for (const bucket of buckets.slice(i, i + perBar)) {
      failed += countOrZero(bucket.failed);
      total += countOrZero(bucket.total);
      inWindow += shareInWindow(bucket.bucketStart.ms, length, window);
    }
    const share = Math.min(1, inWindow / perBar);
    bars.push({
      failed: scaledToFull(failed, share),
      total: scaledToFull(total, share),
      share: isWholeShare(share) ? 1 : share,
    });
  }
  return { perBar, bars };
}

/**
 * A sentence or two on the partial bars, or null when every bar is whole: "The first and last
 * hours are partial, scaled to a full hour." and "`·` marks the first day: less than a quarter of
 * it is in the window." `unit` is what one bar is: "hour", "day" or "bar".
 */
export function partialBarsNote(bars: readonly TrendBar[], unit: string): string | null {
  const scaled: number[] = [];
  const dotted: number[] = [];
  bars.forEach((bar, i) => {
    if (isWholeBar(bar)) return;
    (bar.failed === null ? dotted : scaled).push(i);
  });
  const sentences: string[] = [];
  if (scaled.length > 0) {
    const which = edges(scaled, bars.length);
    sentences.push(
      which === null
        ? `Partial ${unit}s are scaled to a full ${unit}.`
        : `The ${which} ${plural(scaled, unit)} ${scaled.length === 1 ? 'is' : 'are'} partial, scaled to a full ${unit}.`,
    );
  }
  if (dotted.length > 0) {
    const which = edges(dotted, bars.length);
    const of = dotted.length === 1 ? 'it' : 'each';
    sentences.push(
      which === null
        ? `\`${NOT_DRAWN}\` marks ${unit}s with less than a quarter of each in the window.`
        : `\`${NOT_DRAWN}\` marks the ${which} ${plural(dotted, unit)}: less than a quarter of ${of} is in the window.`,
    );
  }
  return sentences.length === 0 ? null : sentences.join(' ');
}

/**
 * "first", "last", "first and last", "only"; null when a bar in the middle is partial, which
 * whole buckets inside the window never are (an API whose buckets do not line up as assumed).
 */
function edges(indexes: readonly number[], count: number): string | null {
  const last = count - 1;
  if (indexes.some((i) => i !== 0 && i !== last)) return null;
  if (count === 1) return 'only';
  return indexes.map((i) => (i === 0 ? 'first' : 'last')).join(' and ');
}

function plural(indexes: readonly number[], unit: string): string {
  return indexes.length === 1 ? unit : `${unit}s`;
}
