import { describe, expect, it } from 'vitest';
import { alertChartOf } from '../../../src/charts/alert-chart.js';
import { latestLabelOffset } from '../../../src/charts/alert-spec.js';
import { altTextOf } from '../../../src/charts/alt-text.js';
import type { ChartBucket } from '../../../src/charts/chart.js';
import { chartKey } from '../../../src/charts/chart-key.js';
import { drawableTitle } from '../../../src/charts/chart-text.js';
import { groupSize, MAX_BARS, mergeBuckets, thinPoints } from '../../../src/charts/downsample.js';
import { LruCache } from '../../../src/charts/render-cache.js';
import { drawableStatsChart, statsChartOf } from '../../../src/charts/stats-chart.js';
import { statsRows } from '../../../src/charts/stats-spec.js';
import type { TimeBucket } from '../../../src/stats/types.js';
import { HOUR, hourlyBuckets, spikeAlert, statsChart, T0 } from './fixtures.js';

function apiBucket(ms: number | null, failed: number, total: number): TimeBucket {
  return {
    bucketStart: { raw: ms === null ? 'garbage' : new Date(ms).toISOString(), ms },
    total,
    succeeded: total - failed,
    failed,
    cancelled: 0,
  };
}

describe('statsChartOf', () => {
  it('gives each bucket its share of the window and leaves out unplaceable ones', () => {
    const window = { from: T0 + 30 * 60_000, to: T0 + 2 * HOUR + 15 * 60_000 };
    const chart = statsChartOf({
      title: 'Executions',
      timeZone: 'Europe/Berlin',
      granularity: 'hourly',
      buckets: [
        apiBucket(T0 + 2 * HOUR, 1, 10),
        apiBucket(T0, 2, 20),
        apiBucket(null, 9, 9),
        apiBucket(T0 + HOUR, -3, Number.NaN),
      ],
      window,
    });
    expect(chart.buckets).toEqual([
      { startMs: T0, endMs: T0 + HOUR, failed: 2, total: 20, share: 0.5 },
      { startMs: T0 + HOUR, endMs: T0 + 2 * HOUR, failed: 0, total: 0, share: 1 },
      { startMs: T0 + 2 * HOUR, endMs: T0 + 3 * HOUR, failed: 1, total: 10, share: 0.25 },
    ]);
  });

  it('makes a chart drawable whoever built it', () => {
    const bad: ChartBucket[] = [
      { startMs: T0 + HOUR, endMs: T0 + 2 * HOUR, failed: 5, total: 2, share: Number.NaN },
      { startMs: Number.NaN, endMs: T0, failed: 1, total: 1, share: 1 },
      { startMs: T0, endMs: T0 + HOUR, failed: -1, total: Infinity, share: 3 },
    ];
    expect(drawableStatsChart(statsChart(bad)).buckets).toEqual([
      { startMs: T0, endMs: T0 + HOUR, failed: 0, total: 0, share: 1 },
      { startMs: T0 + HOUR, endMs: T0 + 2 * HOUR, failed: 5, total: 5, share: 1 },
    ]);
  });
});

describe('statsRows', () => {
  it('scales partial buckets to a full one and leaves out those under a quarter in', () => {
    const buckets = hourlyBuckets(3, () => 10).map((b, i) =>
      i === 0 ? { ...b, failed: 5, total: 150, share: 0.5 } : i === 2 ? { ...b, share: 0.1 } : b,
    );
    const rows = statsRows(statsChart(buckets));
    expect(rows.map((r) => [r.failed, r.total, r.partial])).toEqual([
      [10, 300, true],
      [10, 300, false],
    ]);
    expect(rows[0]?.rate).toBeCloseTo(5 / 150);
  });
});

describe('downsampling', () => {
  it('merges 3,010 buckets into at most MAX_BARS whole days, keeping every count', () => {
    const buckets = hourlyBuckets(3_010, (i) => i % 5);
    const merged = mergeBuckets(buckets);
    expect(merged.length).toBe(126);
    expect(merged.length).toBeLessThanOrEqual(MAX_BARS);
    const sum = (list: readonly ChartBucket[]): number => list.reduce((s, b) => s + b.failed, 0);
    expect(sum(merged)).toBe(sum(buckets));
    expect(merged[0]?.startMs).toBe(T0);
    expect(merged[0]?.endMs).toBe(T0 + 24 * HOUR);
    expect(merged.at(-1)?.endMs).toBe(T0 + 3_010 * HOUR);
    // The last bar holds 10 hours of 24: drawn as partial, not as a dip.
    expect(merged.at(-1)?.share).toBeCloseTo(10 / 24);
    expect(merged[0]?.share).toBe(1);
  });

  it('groups by sizes that divide a day', () => {
    expect(groupSize(2_160, MAX_BARS)).toBe(12); // 90 days of hours: 180 half-day bars
    expect(groupSize(300, MAX_BARS)).toBe(2);
    expect(groupSize(100_000, MAX_BARS)).toBe(504);
    expect(mergeBuckets(hourlyBuckets(240, () => 1))).toHaveLength(240);
  });

  it('keeps the highest point of each group and the latest point', () => {
    const points = Array.from({ length: 5_000 }, (_, i) => ({
      atMs: T0 + i * 60_000,
      rate: i === 2_345 ? 0.9 : 0.01,
    }));
    const thinned = thinPoints(points);
    expect(thinned.length).toBeLessThanOrEqual(601);
    expect(thinned).toContainEqual({ atMs: T0 + 2_345 * 60_000, rate: 0.9 });
    expect(thinned.at(-1)).toEqual(points.at(-1));
  });
});

describe('alertChartOf', () => {
  it('sorts points, drops non-numbers and clamps rates', () => {
    const chart = alertChartOf({
      title: 'x',
      timeZone: 'UTC',
      points: [
        { atMs: T0 + 2, rate: 2 },
        { atMs: T0, rate: -1 },
        { atMs: Number.NaN, rate: 0.5 },
        { atMs: T0 + 1, rate: Number.NaN },
      ],
      threshold: 1.5,
      baseline: null,
      firingSinceMs: T0,
    });
    expect(chart.points).toEqual([
      { atMs: T0, rate: 0 },
      { atMs: T0 + 2, rate: 1 },
    ]);
    expect(chart.threshold).toBe(1);
    expect(chart).not.toHaveProperty('baseline');
    expect(chart.firingSinceMs).toBe(T0);
  });
});

describe('altTextOf', () => {
  it('says what the stats chart shows, in the chart zone', () => {
    const chart = {
      ...statsChart(hourlyBuckets(24, (i) => (i === 14 ? 11 : 1))),
      timeZone: 'Europe/Berlin',
    };
    expect(altTextOf(chart)).toBe(
      'Executions: failed and total executions per hour, Sun 29 Nov 01:00 to Mon 30 Nov 01:00 (Europe/Berlin). 34 failed of 7,200 (0.5%). Failed peak 11 at Sun 29 Nov 15:00.',
    );
    expect(altTextOf(statsChart([]))).toBe('Executions: no executions in this window.');
  });

  it('names partial hours', () => {
    const buckets = hourlyBuckets(3, () => 1).map((b, i) => (i === 0 ? { ...b, share: 0.5 } : b));
    expect(altTextOf(statsChart(buckets))).toContain('1 hour is partial.');
    const long = hourlyBuckets(2_160, () => 1).map((b, i) => (i === 0 ? { ...b, share: 0.5 } : b));
    expect(altTextOf(statsChart(long))).toMatch(/per 12 hours, .* 1 bar is partial\.$/);
  });

  it('says what the alert chart shows', () => {
    expect(altTextOf(spikeAlert())).toBe(
      'Failure spike: billing: failure rate against the 20% threshold and 3.0% baseline, 00:00 to 01:59 (UTC). Latest 49% at 01:59; peak 49% at 01:59. Firing since 01:40.',
    );
    expect(altTextOf(spikeAlert({ points: [] }))).toBe(
      'Failure spike: billing: failure rate against the 20% threshold and 3.0% baseline; no evaluations yet.',
    );
  });
});

describe('chartKey', () => {
  it('is equal for equal data however the object was built, and differs otherwise', () => {
    const a = spikeAlert();
    const reordered = { ...a, threshold: a.threshold, kind: a.kind, title: a.title };
    expect(chartKey(reordered)).toBe(chartKey(a));
    expect(chartKey(spikeAlert({ threshold: 0.21 }))).not.toBe(chartKey(a));
    expect(chartKey(spikeAlert({ timeZone: 'Europe/Berlin' }))).not.toBe(chartKey(a));
  });
});

describe('drawableTitle', () => {
  it('drops what the font cannot draw and control characters, keeps markup as text', () => {
    expect(drawableTitle('🚀 <b>"Prod"</b>\u0007 & co ✅')).toBe('<b>"Prod"</b> & co');
    expect([...drawableTitle('x'.repeat(500))].length).toBe(90);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });
});

describe('latestLabelOffset', () => {
  it('puts the label above a rising line and below a falling one', () => {
    expect(latestLabelOffset(0.4, true, [0.1], 0.5)).toBeLessThan(0);
    expect(latestLabelOffset(0.4, false, [0.1], 0.5)).toBeGreaterThan(0);
  });

  it('moves it to the other side when a rule would run through it', () => {
    // The threshold just above the point: above would sit on the rule, below is clear.
    expect(latestLabelOffset(0.19, true, [0.2], 0.3)).toBeGreaterThan(0);
    expect(latestLabelOffset(0.21, false, [0.2], 0.3)).toBeLessThan(0);
  });
});
