import type { AlertChart, RatePoint } from './chart.js';

export interface AlertChartInput {
  readonly title: string;
  readonly timeZone: string;
  /** The rule's failure rate at each evaluation, 0 to 1, in any order. */
  readonly points: readonly RatePoint[];
  readonly threshold: number;
  readonly baseline?: number | null;
  readonly firingSinceMs?: number | null;
  readonly firingUntilMs?: number | null;
}

/**
 * The alert chart from plain numbers (the alert engine's evaluations, a replay's, a test's):
 * points sorted by time, rates outside 0..1 or not numbers dropped or clamped, so that the
 * renderer only ever sees a drawable series.
 */
export function alertChartOf(input: AlertChartInput): AlertChart {
  const points = input.points
    .filter((p) => Number.isFinite(p.atMs) && Number.isFinite(p.rate))
    .map((p) => ({ atMs: p.atMs, rate: clampRate(p.rate) }))
    .sort((a, b) => a.atMs - b.atMs);
  return {
    kind: 'alert',
    title: input.title,
    timeZone: input.timeZone,
    points,
    threshold: clampRate(input.threshold),
    ...(isFiniteNumber(input.baseline) ? { baseline: clampRate(input.baseline) } : {}),
    ...(isFiniteNumber(input.firingSinceMs) ? { firingSinceMs: input.firingSinceMs } : {}),
    ...(isFiniteNumber(input.firingUntilMs) ? { firingUntilMs: input.firingUntilMs } : {}),
  };
}

export function clampRate(rate: number): number {
  if (!Number.isFinite(rate)) return 0;
  return Math.min(1, Math.max(0, rate));
}

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
