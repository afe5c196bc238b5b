import { isWholeShare, scaledToFull } from './bucket-share.js';
import type { StatsChart } from './chart.js';
import type { ChartSpec } from './chart-spec.js';
import {
  BASE_CONFIG,
  COLOURS,
  LAYOUT_HEIGHT,
  LAYOUT_WIDTH,
  MAX_TIME_TICKS,
  PARTIAL_OPACITY,
} from './chart-style.js';
import { chartTitle } from './chart-text.js';
import { mergeBuckets } from './downsample.js';
import { zoneTicks, zoneTimeAxis } from './zone-axis.js';

/** One bar of the stats chart as Vega reads it. */
export interface StatsRow {
  readonly start: number;
  readonly end: number;
  readonly mid: number;
  /** Scaled to a full bucket when partial. */
  readonly failed: number;
  readonly total: number;
  /** failed / total of what was counted; null when nothing finished. */
  readonly rate: number | null;
  readonly partial: boolean;
}

/** The rows drawn: merged when long, partial ones scaled, those too little in the window left out. */
export function statsRows(chart: StatsChart): StatsRow[] {
  const rows: StatsRow[] = [];
  for (const bucket of mergeBuckets(chart.buckets)) {
    const failed = scaledToFull(bucket.failed, bucket.share);
    const total = scaledToFull(bucket.total, bucket.share);
    if (failed === null || total === null) continue;
    rows.push({
      start: bucket.startMs,
      end: bucket.endMs,
      mid: (bucket.startMs + bucket.endMs) / 2,
      failed,
      total,
      rate: bucket.total > 0 ? Math.min(1, bucket.failed / bucket.total) : null,
      partial: !isWholeShare(bucket.share),
    });
  }
  return rows;
}

/**
 * Failed over total executions as bars per bucket (failed in front), the failure rate as a line on
 * a second axis, partial buckets paler with a dashed outline and named in the subtitle. Time runs
 * on a UTC scale of real instants, labelled in the chart's zone (zone-axis.ts).
 */
export function statsSpec(chart: StatsChart): ChartSpec {
  const rows = statsRows(chart);
  const from = chart.buckets[0]?.startMs ?? 0;
  const to = chart.buckets.at(-1)?.endMs ?? from + 3_600_000;
  // No buckets, no window to label (the domain is a placeholder).
  const ticks =
    chart.buckets.length === 0
      ? { values: [], labels: {} }
      : zoneTicks(from, to, chart.timeZone, MAX_TIME_TICKS);
  const partial = rows.some((row) => row.partial);
  const subtitle =
    rows.length === 0
      ? 'No executions to draw in this window.'
      : partial
        ? 'Pale dashed bars are partial, scaled to a full bar.'
        : '';
  const x = zoneTimeAxis('start', from, to, chart.timeZone, ticks);
  const opacity = {
    condition: { test: 'datum.partial', value: PARTIAL_OPACITY },
    value: 1,
  } as const;
  const dash = {
    condition: { test: 'datum.partial', value: [4, 3] },
    value: [1, 0],
  } as const;
  const stroke = {
    condition: { test: 'datum.partial', value: COLOURS.partialStroke },
    value: null,
  } as const;
  const series = {
    scale: {
      domain: ['Total', 'Failed', 'Failure rate'],
      range: [COLOURS.total, COLOURS.failed, COLOURS.rate],
    },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: LAYOUT_WIDTH,
    height: LAYOUT_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    title: chartTitle(chart.title, 'Executions', subtitle),
    config: BASE_CONFIG,
    params: [{ name: 'tickLabels', value: ticks.labels }],
    data: { values: rows },
    layer: [
      {
        // Total and failed share the left axis; the rate has its own on the right.
        layer: [
          {
            mark: { type: 'rect', strokeWidth: 1 },
            encoding: {
              x,
              x2: { field: 'end' },
              y: {
                field: 'total',
                type: 'quantitative',
                scale: { zero: true, nice: true, domainMin: 0 },
                // "15k", and "0" rather than "0k".
                axis: {
                  title: 'Executions',
                  tickCount: 5,
                  labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')",
                },
              },
              color: { datum: 'Total', ...series },
              opacity,
              stroke,
              strokeDash: dash,
            },
          },
          {
            mark: { type: 'rect', strokeWidth: 1 },
            encoding: {
              x,
              x2: { field: 'end' },
              y: { field: 'failed', type: 'quantitative' },
              color: { datum: 'Failed', ...series },
              opacity,
              stroke,
              strokeDash: dash,
            },
          },
        ],
      },
      {
        transform: [{ filter: 'datum.rate !== null' }],
        mark: { type: 'line', strokeWidth: 2.5, interpolate: 'monotone', point: rows.length <= 48 },
        encoding: {
          x: { ...x, field: 'mid' },
          y: {
            field: 'rate',
            type: 'quantitative',
            scale: { zero: true, nice: true, domainMin: 0 },
            axis: {
              title: 'Failure rate',
              orient: 'right',
              format: '~%',
              tickCount: 5,
              grid: false,
            },
          },
          color: { datum: 'Failure rate', ...series },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}
