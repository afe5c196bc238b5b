import { isWholeShare } from './bucket-share.js';
import type { AlertChart, Chart, StatsChart } from './chart.js';
import { drawableTitle, formatCount, formatPercent } from './chart-text.js';
import { mergeBuckets } from './downsample.js';
import { formatInZone } from './zone-axis.js';

/**
 * What the picture shows, in words: the image block's alt text, read by screen readers and shown
 * where images are off. Numbers are the raw counts (not the scaled partial bars), times in the
 * chart's zone.
 */

/** Slack allows 2,000 characters of alt text; ours stay well below. */
const MAX_ALT_CHARS = 1_000;
const DAY_MS = 86_400_000;

export function altTextOf(chart: Chart): string {
  const text = chart.kind === 'stats' ? statsAltText(chart) : alertAltText(chart);
  return text.length <= MAX_ALT_CHARS ? text : `${text.slice(0, MAX_ALT_CHARS - 1)}…`;
}

function statsAltText(chart: StatsChart): string {
  const title = drawableTitle(chart.title) || 'Executions';
  const first = chart.buckets[0];
  const last = chart.buckets.at(-1);
  if (first === undefined || last === undefined) return `${title}: no executions in this window.`;
  const bars = mergeBuckets(chart.buckets);
  const unit = unitOf(bars[0]?.endMs ?? 0, bars[0]?.startMs ?? 0);
  const withDay = last.endMs - first.startMs >= DAY_MS || unit !== 'hour';
  const at = (ms: number): string => formatInZone(ms, chart.timeZone, withDay);
  const failed = chart.buckets.reduce((sum, b) => sum + b.failed, 0);
  const total = chart.buckets.reduce((sum, b) => sum + b.total, 0);
  const sentences = [
    `${title}: failed and total executions per ${unit}, ${at(first.startMs)} to ${at(last.endMs)} (${chart.timeZone}).`,
    total === 0
      ? 'No executions.'
      : `${formatCount(failed)} failed of ${formatCount(total)} (${formatPercent(failed / total)}).`,
  ];
  const peak = bars.reduce((best, b) => (b.failed > best.failed ? b : best), bars[0] ?? first);
  if (peak.failed > 0) {
    sentences.push(`Failed peak ${formatCount(peak.failed)} at ${at(peak.startMs)}.`);
  }
  const partial = bars.filter((b) => !isWholeShare(b.share)).length;
  if (partial > 0) {
    // "1 hour is", "2 days are"; merged bars ("per 12 hours") are "bars".
    const word = unit === 'hour' || unit === 'day' ? unit : 'bar';
    sentences.push(`${partial === 1 ? `1 ${word} is` : `${partial} ${word}s are`} partial.`);
  }
  return sentences.join(' ');
}

function alertAltText(chart: AlertChart): string {
  const title = drawableTitle(chart.title) || 'Alert';
  const against = [
    `the ${formatPercent(chart.threshold)} threshold`,
    ...(chart.baseline === undefined ? [] : [`${formatPercent(chart.baseline)} baseline`]),
  ].join(' and ');
  const first = chart.points[0];
  const latest = chart.points.at(-1);
  if (first === undefined || latest === undefined) {
    return `${title}: failure rate against ${against}; no evaluations yet.`;
  }
  const withDay = latest.atMs - first.atMs >= DAY_MS;
  const at = (ms: number): string => formatInZone(ms, chart.timeZone, withDay);
  const peak = chart.points.reduce((best, p) => (p.rate > best.rate ? p : best), first);
  const sentences = [
    `${title}: failure rate against ${against}, ${at(first.atMs)} to ${at(latest.atMs)} (${chart.timeZone}).`,
    `Latest ${formatPercent(latest.rate)} at ${at(latest.atMs)}; peak ${formatPercent(peak.rate)} at ${at(peak.atMs)}.`,
  ];
  if (chart.firingSinceMs !== undefined) {
    sentences.push(
      chart.firingUntilMs === undefined
        ? `Firing since ${at(chart.firingSinceMs)}.`
        : `Fired from ${at(chart.firingSinceMs)} to ${at(chart.firingUntilMs)}.`,
    );
  }
  return sentences.join(' ');
}

/** "hour", "day", or "6 hours" when buckets were merged for drawing. */
function unitOf(endMs: number, startMs: number): string {
  const hours = Math.round((endMs - startMs) / 3_600_000);
  if (hours === 1) return 'hour';
  if (hours === 24) return 'day';
  return hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}
