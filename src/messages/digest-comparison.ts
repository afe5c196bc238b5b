import type { SourceSystemStats, Stats, StatsSummary } from '../stats/types.js';
import { formatCount, formatPercent } from './format.js';
import { formatDuration } from './format-time.js';
import { shownValue } from './mrkdwn.js';

/**
 * A digest's "compared with the period before": each headline figure with its previous value and
 * the change, in words a phone reader takes in at a glance ("failed 42, up 35% on the previous
 * 24 hours"), and the source systems that got worse. Pure, from two Stats.
 */

export type Direction = 'up' | 'down' | 'same' | 'new' | 'n/a';

export interface MetricChange {
  readonly name: 'total' | 'failed' | 'success rate' | 'avg duration';
  readonly value: string;
  readonly direction: Direction;
  /** "up 35%", "down 2.1 points", "no change", "up from 0", "no earlier figure". */
  readonly change: string;
  /** Whether the change is bad news (more failures, lower success rate, slower runs). */
  readonly worse: boolean;
}

const ARROWS: Record<Direction, string> = { up: '↑', down: '↓', same: '→', new: '↑', 'n/a': '·' };

export function compareSummaries(current: StatsSummary, previous: StatsSummary): MetricChange[] {
  const rate = (s: StatsSummary) => (s.terminal > 0 ? s.succeeded / s.terminal : null);
  return [
    countChange('total', current.total, previous.total, false),
    countChange('failed', current.failed, previous.failed, true),
    rateChange(rate(current), rate(previous)),
    durationChange(current.averageDurationMs, previous.averageDurationMs),
  ];
}

function countChange(
  name: 'total' | 'failed',
  now: number,
  before: number,
  upIsWorse: boolean,
): MetricChange {
  const value = formatCount(now);
  if (now === before) return { name, value, direction: 'same', change: 'no change', worse: false };
  if (before === 0) return { name, value, direction: 'new', change: 'up from 0', worse: upIsWorse };
  const direction = now > before ? 'up' : 'down';
  const change = `${direction} ${formatPercent(Math.abs(now - before) / before)}`;
  return { name, value, direction, change, worse: upIsWorse && direction === 'up' };
}

function rateChange(now: number | null, before: number | null): MetricChange {
  const name = 'success rate';
  const value = now === null ? 'n/a' : formatPercent(now);
  if (now === null || before === null) {
    return { name, value, direction: 'n/a', change: 'no earlier figure', worse: false };
  }
  const points = Math.round((now - before) * 1000) / 10;
  if (points === 0) return { name, value, direction: 'same', change: 'no change', worse: false };
  const direction = points > 0 ? 'up' : 'down';
  const size = Math.abs(points);
  const change = `${direction} ${size} ${size === 1 ? 'point' : 'points'}`;
  return { name, value, direction, change, worse: direction === 'down' };
}

function durationChange(now: number | null, before: number | null): MetricChange {
  const name = 'avg duration';
  const value = now === null ? 'n/a' : formatDuration(now);
  if (now === null || before === null || before <= 0) {
    return { name, value, direction: 'n/a', change: 'no earlier figure', worse: false };
  }
  const ratio = Math.abs(now - before) / before;
  // Under 1% is noise for a mean of durations.
  if (ratio < 0.01) return { name, value, direction: 'same', change: 'no change', worse: false };
  const direction = now > before ? 'up' : 'down';
  return {
    name,
    value,
    direction,
    change: `${direction} ${formatPercent(ratio)}`,
    worse: direction === 'up',
  };
}

/** "↑ *failed* 42, up 35%" as one line of mrkdwn (values are our own numbers: nothing to escape). */
export function changeLine(change: MetricChange): string {
  return `${ARROWS[change.direction]} *${change.name}* ${change.value}, ${change.change}`;
}

export interface WorseSource {
  readonly sourceSystem: string;
  readonly failed: number;
  readonly previousFailed: number;
}

/** Source systems with more failures than in the period before, most added failures first. */
export function sourcesThatGotWorse(current: Stats, previous: Stats): WorseSource[] {
  const before = new Map<string, SourceSystemStats>(
    previous.sourceSystems.map((s) => [s.sourceSystem, s]),
  );
  return current.sourceSystems
    .map((s) => ({
      sourceSystem: s.sourceSystem,
      failed: s.failed,
      previousFailed: before.get(s.sourceSystem)?.failed ?? 0,
    }))
    .filter((s) => s.failed > s.previousFailed)
    .sort(
      (a, b) =>
        b.failed - b.previousFailed - (a.failed - a.previousFailed) ||
        a.sourceSystem.localeCompare(b.sourceSystem),
    );
}

/** "• *billing*: 12 failed (was 3)", the name escaped and cut. */
export function worseSourceLine(source: WorseSource): string {
  const name = shownValue(source.sourceSystem, 60);
  return `• *${name}*: ${formatCount(source.failed)} failed (was ${formatCount(source.previousFailed)})`;
}

/** "24 hours", "7 days", "1 day", "90 minutes": the length of a period in words. */
export function periodLength(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0 && minutes >= 2880) return `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
