import type { Granularity, TimeBucket } from '../stats/types.js';
import { NOT_DRAWN, valuesPerBar } from './sparkline.js';

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
 * Buckets are taken to be as long as their granularity (1 hour, 24 hours) from their start, which
 * is how the API aligns them (UTC hours and days); a bucket whose start did not parse, or that does
 * not overlap the window at all (an API aligned otherwise), is drawn as it is.
 */

const BUCKET_MS: Readonly<Record<Granularity, number>> = {
  hourly: 3_600_000,
  daily: 86_400_000,
};

/** Below this share of a full bar inside the window, the bar is not drawn (see above); partialBarsNote says "a quarter". */
export const MIN_DRAWN_SHARE = 0.25;

/** Shares this close to 1 are whole bars (they are sums of ratios of whole milliseconds). */
const WHOLE = 1 - 1e-9;

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
  return bar.share >= WHOLE;
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
      failed += count(bucket.failed);
      total += count(bucket.total);
      inWindow += shareInWindow(bucket.bucketStart.ms, length, window);
    }
    const share = Math.min(1, inWindow / perBar);
    if (share >= WHOLE) bars.push({ failed, total, share: 1 });
    else if (share >= MIN_DRAWN_SHARE) {
      bars.push({ failed: failed / share, total: total / share, share });
    } else bars.push({ failed: null, total: null, share });
  }
  return { perBar, bars };
}

/** The share of a bucket starting at `start` that lies in the window (1 when unknown). */
function shareInWindow(
  start: number | null,
  length: number,
  window: { readonly from: number; readonly to: number },
): number {
  if (start === null) return 1;
  const covered = Math.min(start + length, window.to) - Math.max(start, window.from);
  return covered > 0 ? Math.min(1, covered / length) : 1;
}

/** Negative, NaN and infinite counts are drawn as zero, as in sparkline. */
function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
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
