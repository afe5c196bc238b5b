import { createHash } from 'node:crypto';
import type { Chart } from './chart.js';

/**
 * Bumped whenever the drawing changes (spec, style, font, size): a key names the picture, so an
 * upload cached under an old key must not be reused for a new look.
 */
export const DRAWING_VERSION = 1;

/**
 * A hash of what a chart shows: equal data, equal key. Built from the fields in a fixed order
 * (not JSON.stringify of the object, whose key order depends on how the object was built).
 */
export function chartKey(chart: Chart): string {
  const fields =
    chart.kind === 'stats'
      ? [
          chart.kind,
          chart.title,
          chart.timeZone,
          chart.buckets.map((b) => [b.startMs, b.endMs, b.failed, b.total, b.share]),
        ]
      : [
          chart.kind,
          chart.title,
          chart.timeZone,
          chart.points.map((p) => [p.atMs, p.rate]),
          chart.threshold,
          chart.baseline ?? null,
          chart.firingSinceMs ?? null,
          chart.firingUntilMs ?? null,
        ];
  const hash = createHash('sha256').update(JSON.stringify([DRAWING_VERSION, fields]));
  return `chart-${hash.digest('hex').slice(0, 32)}`;
}
