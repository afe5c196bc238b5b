import type { SourceSystemStats, Stats, TimeBucket } from '../stats/types.js';
import type { TimeWindow } from '../time/window.js';
import { fieldsBlock, sectionBlock } from './blocks.js';
import { formatCount, formatCountOf, formatRate } from './format.js';
import { formatDuration, formatInstant } from './format-time.js';
import type { Block } from './message.js';
import { shownValue } from './mrkdwn.js';
import { drawBars } from './sparkline.js';
import { isWholeBar, partialBarsNote, type TrendBar, trendBars } from './trend-bars.js';

/** The summary, trend and top-sources parts of the stats message; pure, from Stats. */

export const TOP_SOURCES = 5;
/** Bars per sparkline: fits a phone's width in a code span. */
export const TREND_BARS = 36;
const MAX_SOURCE_NAME = 60;

/** Success rate from the counts (succeeded / terminal), never the API's `successRate`. */
export function summaryFields(stats: Stats, perSource: boolean): Block {
  const { summary } = stats;
  const duration =
    summary.averageDurationMs === null
      ? perSource
        ? 'n/a per source'
        : 'n/a'
      : formatDuration(summary.averageDurationMs);
  return fieldsBlock([
    `*Total*\n${formatCount(summary.total)}`,
    `*Succeeded*\n${formatCount(summary.succeeded)}`,
    `*Failed*\n${formatCount(summary.failed)}`,
    `*Cancelled*\n${formatCount(summary.cancelled)}`,
    `*In progress*\n${formatCount(summary.inProgress)}`,
    `*Success rate*\n${formatRate(summary.succeeded, summary.terminal)}`,
    `*Avg duration*\n${duration}`,
  ]);
}

export interface TrendInput {
  readonly stats: Stats;
  readonly window: TimeWindow;
  readonly perSource: boolean;
  readonly now: number;
}

export function trendSection({ stats, window, perSource, now }: TrendInput): Block {
  if (perSource) {
    return sectionBlock(
      '*Trend*\nNot available per source system: the stats API has no per-source time series.',
    );
  }
  const buckets = stats.timeSeries;
  if (buckets.length === 0) return sectionBlock('*Trend*\nThe API returned no buckets.');
  const unit = stats.granularity === 'hourly' ? 'hour' : 'day';
  const { perBar, bars } = trendBars(buckets, stats.granularity, window, TREND_BARS);
  const described = [
    formatCountOf(buckets.length, `${stats.granularity} bucket`),
    ...(perBar > 1 ? [`each bar ${perBar} ${unit}s`] : []),
    ...bucketRange(buckets, window.timeZone, now),
  ].join(', ');
  const failed = bars.map((bar) => bar.failed);
  const total = bars.map((bar) => bar.total);
  const note = partialBarsNote(bars, perBar > 1 ? 'bar' : unit);
  return sectionBlock(
    [
      `*Trend* (${described})`,
      `Failed \`${drawBars(failed)}\`${peak(failed, bars)}`,
      `Total  \`${drawBars(total)}\`${peak(total, bars)}`,
      ...(note === null ? [] : [note]),
    ].join('\n'),
  );
}

/**
 * " peak 12": the tallest bar's value, so the reader can put a number on it. When that bar is a
 * partial one scaled to a full bar, the number is an estimate: " peak ≈12". Empty when no bar is
 * drawn.
 */
function peak(values: readonly (number | null)[], bars: readonly TrendBar[]): string {
  let best: number | null = null;
  let bestWhole = false;
  for (const [i, value] of values.entries()) {
    if (value === null) continue;
    const bar = bars[i];
    const whole = bar !== undefined && isWholeBar(bar);
    // A whole bar wins a tie, its number being exact; a scaled bar is a quotient, so "a tie"
    // allows for the rounding of the division.
    const tie = best !== null && Math.abs(value - best) <= 1e-9 * Math.max(1, best);
    if (best === null || (!tie && value > best) || (tie && whole && !bestWhole)) {
      best = value;
      bestWhole = whole;
    }
  }
  if (best === null) return '';
  return ` peak ${bestWhole ? '' : '≈'}${formatCount(best)}`;
}

/** "Fri 27 Nov 13:00 → Sat 28 Nov 12:00": first to last bucket start that parsed, if any. */
function bucketRange(buckets: readonly TimeBucket[], timeZone: string, now: number): string[] {
  // A scan from each end rather than a filtered copy: a 90-day hourly series has 2,160 buckets.
  const first = buckets.find((bucket) => bucket.bucketStart.ms !== null)?.bucketStart.ms;
  const last = buckets.findLast((bucket) => bucket.bucketStart.ms !== null)?.bucketStart.ms;
  if (first === undefined || first === null || last === undefined || last === null) return [];
  const from = formatInstant(first, timeZone, now);
  return [first === last ? from : `${from} → ${formatInstant(last, timeZone, now)}`];
}

function failedOfTerminal(source: SourceSystemStats): number {
  const terminal = source.succeeded + source.failed + source.cancelled;
  return terminal > 0 ? source.failed / terminal : 0;
}

/** Worst first: most failed, then highest rate, then by name. */
function compareFailing(a: SourceSystemStats, b: SourceSystemStats): number {
  return (
    b.failed - a.failed ||
    failedOfTerminal(b) - failedOfTerminal(a) ||
    a.sourceSystem.localeCompare(b.sourceSystem)
  );
}

/** Sources with failures, worst first: most failed, then highest rate, then by name. */
export function topFailingSources(sources: readonly SourceSystemStats[]): SourceSystemStats[] {
  return sources.filter((source) => source.failed > 0).sort(compareFailing);
}

/**
 * The first `limit` of topFailingSources, and how many sources failed, in one pass: with 100,000
 * source systems, sorting them all (by name on ties) cost more than the rest of the message. Ties
 * keep their input order, as the stable sort does.
 */
export function worstFailingSources(
  sources: readonly SourceSystemStats[],
  limit: number,
): { worst: SourceSystemStats[]; failing: number } {
  const worst: SourceSystemStats[] = [];
  let failing = 0;
  for (const source of sources) {
    if (!(source.failed > 0)) continue;
    failing += 1;
    const last = worst[worst.length - 1];
    if (worst.length >= limit && (last === undefined || compareFailing(source, last) >= 0))
      continue;
    let at = worst.length;
    while (at > 0 && compareFailing(source, worst[at - 1] as SourceSystemStats) < 0) at -= 1;
    worst.splice(at, 0, source);
    if (worst.length > limit) worst.pop();
  }
  return { worst, failing };
}

/** Up to TOP_SOURCES lines, "…and N more" below; null when no source system failed. */
export function topSourcesSection(stats: Stats): Block | null {
  const { worst, failing } = worstFailingSources(stats.sourceSystems, TOP_SOURCES);
  if (failing === 0) return null;
  const lines = worst.map((source) => {
    const terminal = source.succeeded + source.failed + source.cancelled;
    const name = shownValue(source.sourceSystem, MAX_SOURCE_NAME);
    return `• *${name}*: ${formatCount(source.failed)} / ${formatCount(source.total)} failed · ${formatRate(source.failed, terminal)}`;
  });
  const more = failing - TOP_SOURCES;
  if (more > 0) lines.push(`…and ${formatCount(more)} more`);
  return sectionBlock(['*Top failing source systems*', ...lines].join('\n'));
}
