import type { AlertChart } from './chart.js';
import type { ChartSpec } from './chart-spec.js';
import {
  BASE_CONFIG,
  COLOURS,
  LAYOUT_HEIGHT,
  LAYOUT_WIDTH,
  MAX_TIME_TICKS,
} from './chart-style.js';
import { chartTitle, formatPercent } from './chart-text.js';
import { thinPoints } from './downsample.js';
import { formatInZone, zoneTicks, zoneTimeAxis } from './zone-axis.js';

/**
 * The rule's failure rate as a line against its threshold (dashed) and baseline (dotted), both
 * labelled with their values; the firing period shaded and named; the latest point marked and
 * labelled with its rate and time. Time as in the stats chart: real instants, zone labels.
 */
export function alertSpec(chart: AlertChart): ChartSpec {
  const points = thinPoints(chart.points);
  const first = points[0]?.atMs ?? chart.firingSinceMs ?? 0;
  const last = points.at(-1)?.atMs ?? first;
  const from = Math.min(first, chart.firingSinceMs ?? first);
  // A margin after the latest point (4% of the span), so it and its label are off the edge.
  const to = Math.max(last, from + 60_000) + Math.max(60_000, (last - from) * 0.04);
  const ticks =
    points.length === 0 && chart.firingSinceMs === undefined
      ? { values: [], labels: {} }
      : zoneTicks(from, to, chart.timeZone, MAX_TIME_TICKS);
  // Headroom above the highest line for the latest point's label.
  const top = Math.max(chart.threshold, chart.baseline ?? 0, ...points.map((p) => p.rate)) * 1.3;
  const yTop = Math.min(1, Math.max(0.05, top));
  const yDomain = [0, yTop];
  const x = zoneTimeAxis('at', from, to, chart.timeZone, ticks);
  const y = {
    field: 'rate',
    type: 'quantitative',
    scale: { domain: yDomain, nice: false },
    axis: { title: 'Failure rate', format: '~%', tickCount: 5 },
  };
  const layers: Record<string, unknown>[] = [];
  if (chart.firingSinceMs !== undefined) {
    const start = Math.max(from, chart.firingSinceMs);
    const end = Math.min(to, chart.firingUntilMs ?? to);
    const roomy = (to - start) / (to - from) > 0.4;
    const name =
      chart.firingUntilMs === undefined
        ? `Firing since ${formatInZone(chart.firingSinceMs, chart.timeZone, false)}`
        : `Fired ${formatInZone(chart.firingSinceMs, chart.timeZone, false)}–${formatInZone(chart.firingUntilMs, chart.timeZone, false)}`;
    layers.push({
      data: { values: [{ at: start, end, name }] },
      mark: { type: 'rect', color: COLOURS.firing, opacity: 0.18 },
      encoding: { x, x2: { field: 'end' } },
    });
    layers.push({
      data: { values: [{ at: start, name }] },
      // Inside the shading when it has room, else just left of where it begins.
      mark: {
        type: 'text',
        align: roomy ? 'left' : 'right',
        baseline: 'top',
        dx: roomy ? 4 : -4,
        dy: 4,
        fontSize: 14,
        y: 0,
      },
      encoding: { x, text: { field: 'name' }, color: { value: COLOURS.text } },
    });
  }
  // Threshold and baseline are named in the right margin, level with their rules, where no line
  // runs; when they are close, the lower name moves down to stay readable.
  const close =
    chart.baseline !== undefined && Math.abs(chart.threshold - chart.baseline) / yTop < 0.08;
  layers.push(
    ruleLayer(
      chart.threshold,
      `threshold ${formatPercent(chart.threshold)}`,
      COLOURS.threshold,
      [8, 4],
      y,
      close ? (chart.threshold >= (chart.baseline ?? 0) ? -9 : 9) : 0,
    ),
  );
  if (chart.baseline !== undefined) {
    layers.push(
      ruleLayer(
        chart.baseline,
        `baseline ${formatPercent(chart.baseline)}`,
        COLOURS.baseline,
        [2, 3],
        y,
        close ? (chart.threshold >= chart.baseline ? 9 : -9) : 0,
      ),
    );
  }
  const rows = points.map((p) => ({ at: p.atMs, rate: p.rate }));
  layers.push({
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 3, color: COLOURS.alertRate, point: rows.length <= 60 },
    encoding: { x, y },
  });
  const latest = points.at(-1);
  if (latest !== undefined) {
    const label = `${formatPercent(latest.rate)} at ${formatInZone(latest.atMs, chart.timeZone, false)}`;
    const rising = (points.at(-2)?.rate ?? 0) <= latest.rate;
    const rules = [chart.threshold, ...(chart.baseline === undefined ? [] : [chart.baseline])];
    const latestRow = [{ at: latest.atMs, rate: latest.rate, label }];
    layers.push({
      data: { values: latestRow },
      mark: { type: 'point', filled: true, size: 160, color: COLOURS.alertRate },
      encoding: { x, y },
    });
    layers.push({
      data: { values: latestRow },
      mark: {
        type: 'text',
        align: 'right',
        dx: -10,
        dy: latestLabelOffset(latest.rate, rising, rules, yTop),
        fontSize: 16,
        fontWeight: 'bold',
      },
      encoding: { x, y, text: { field: 'label' }, color: { value: COLOURS.alertRate } },
    });
  }
  const subtitle = points.length === 0 ? 'No evaluations to draw yet.' : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: LAYOUT_WIDTH,
    height: LAYOUT_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    title: chartTitle(chart.title, 'Alert', subtitle),
    config: BASE_CONFIG,
    params: [{ name: 'tickLabels', value: ticks.labels }],
    layer: layers,
  };
}

/** The plot's height in layout px, about (the picture less title and time axis). */
const PLOT_HEIGHT = 200;
const LABEL_ABOVE = -16;
const LABEL_BELOW = 18;

/**
 * Where the latest point's label goes, in px from the point: above and left when the line rises
 * to it (the line is below there), below and left when it falls to it; but on the other side when
 * that keeps it clear of the threshold or baseline rule and the preferred side would not.
 */
export function latestLabelOffset(
  rate: number,
  rising: boolean,
  rules: readonly number[],
  yTop: number,
): number {
  const clearance = (dy: number): number => {
    const labelRate = rate - (dy / PLOT_HEIGHT) * yTop;
    return Math.min(Infinity, ...rules.map((r) => (Math.abs(r - labelRate) / yTop) * PLOT_HEIGHT));
  };
  const [preferred, other] = rising ? [LABEL_ABOVE, LABEL_BELOW] : [LABEL_BELOW, LABEL_ABOVE];
  const CLEAR_PX = 12;
  return clearance(preferred) >= CLEAR_PX || clearance(other) < CLEAR_PX ? preferred : other;
}

/** A horizontal rule at `rate` with its name in the right margin, `nudge` px down. */
function ruleLayer(
  rate: number,
  label: string,
  colour: string,
  dash: number[],
  y: Record<string, unknown>,
  nudge: number,
): Record<string, unknown> {
  return {
    data: { values: [{ rate, label }] },
    layer: [
      {
        mark: { type: 'rule', color: colour, strokeWidth: 2.5, strokeDash: dash },
        encoding: { y },
      },
      {
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'middle',
          x: 'width',
          dx: 6,
          dy: nudge,
          fontSize: 14,
        },
        encoding: { y, text: { field: 'label' }, color: { value: colour } },
      },
    ],
  };
}
