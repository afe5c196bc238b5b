import type { AlertChart, ChartBucket, StatsChart } from '../../../src/charts/chart.js';

export const HOUR = 3_600_000;
/** Sun 29 Nov 2026 00:00 UTC: a fixed instant, no wall clock. */
export const T0 = Date.UTC(2026, 10, 29);

/** `count` whole hourly buckets from T0, 300 executions each, `failed(i)` of them failed. */
export function hourlyBuckets(count: number, failed: (i: number) => number): ChartBucket[] {
  return Array.from({ length: count }, (_, i) => ({
    startMs: T0 + i * HOUR,
    endMs: T0 + (i + 1) * HOUR,
    failed: failed(i),
    total: 300,
    share: 1,
  }));
}

export function statsChart(buckets: readonly ChartBucket[], title = 'Executions'): StatsChart {
  return { kind: 'stats', title, timeZone: 'UTC', buckets };
}

/** Two hours of minutely evaluations at 3 %, rising past a 20 % threshold in the last 20 minutes. */
export function spikeAlert(overrides: Partial<AlertChart> = {}): AlertChart {
  const points = Array.from({ length: 120 }, (_, i) => ({
    atMs: T0 + i * 60_000,
    rate: i >= 100 ? 0.3 + (i - 100) * 0.01 : 0.03,
  }));
  return {
    kind: 'alert',
    title: 'Failure spike: billing',
    timeZone: 'UTC',
    points,
    threshold: 0.2,
    baseline: 0.03,
    firingSinceMs: T0 + 100 * 60_000,
    ...overrides,
  };
}
