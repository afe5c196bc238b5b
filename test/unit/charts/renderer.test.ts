import { describe, expect, it } from 'vitest';
import type { Chart } from '../../../src/charts/chart.js';
import { COLOURS, PIXEL_SCALE } from '../../../src/charts/chart-style.js';
import { createChartRenderer } from '../../../src/charts/renderer.js';
import {
  colourExtent,
  columnCounts,
  countColour,
  decodePng,
  hexColour,
  type Picture,
} from '../../support/png.js';
import { HOUR, hourlyBuckets, spikeAlert, statsChart, T0 } from './fixtures.js';

const WIDTH = 1200;
const HEIGHT = 600;
const TOTAL = hexColour(COLOURS.total);
const FAILED = hexColour(COLOURS.failed);
/** Rows well inside the plot: below the title and legend, above the time axis. */
const PLOT_ROWS = [Math.round(HEIGHT * 0.4), Math.round(HEIGHT * 0.8)] as const;

async function draw(chart: Chart): Promise<Picture> {
  return decodePng((await createChartRenderer().render(chart)).png);
}

/** The x range the bars span, from the flat chart's total bars. */
function barSpan(picture: Picture): { left: number; right: number } {
  return colourExtent(picture, TOTAL, ...PLOT_ROWS);
}

describe('createChartRenderer', () => {
  it('renders a stats chart as a PNG of 1200 x 600', async () => {
    const rendered = await createChartRenderer().render(statsChart(hourlyBuckets(24, () => 10)));
    expect([rendered.width, rendered.height]).toEqual([WIDTH, HEIGHT]);
    expect(600 * PIXEL_SCALE).toBe(WIDTH);
    const picture = decodePng(rendered.png);
    expect([picture.width, picture.height]).toEqual([WIDTH, HEIGHT]);
    expect(rendered.key).toMatch(/^chart-[0-9a-f]{32}$/);
  });

  it('shows a spike where the data has one, and nowhere else', async () => {
    const spikeAt = 14;
    const flat = await draw(statsChart(hourlyBuckets(24, () => 10)));
    const spike = await draw(statsChart(hourlyBuckets(24, (i) => (i === spikeAt ? 200 : 10))));
    // Each picture's own bar span: the plot's width depends on its axes' labels.
    const at = (picture: Picture, bar: number): number => {
      const { left, right } = barSpan(picture);
      return left + (bar + 0.5) * ((right - left) / 24);
    };
    const barWidth = (barSpan(flat).right - barSpan(flat).left) / 24;

    const spikeFailed = columnCounts(spike, FAILED, ...PLOT_ROWS);
    const most = Math.max(...spikeFailed);
    // The rate line crosses the bar's edges; its middle columns are solid.
    const tallest = spikeFailed.flatMap((count, x) => (count === most ? [x] : []));
    const centre = tallest.reduce((sum, x) => sum + x, 0) / tallest.length;
    expect(Math.abs(centre - at(spike, spikeAt))).toBeLessThan(barWidth / 4);
    expect(most).toBeGreaterThan((PLOT_ROWS[1] - PLOT_ROWS[0]) * 0.8);
    // The flat chart's failed bars stay below the rows looked at.
    const flatFailed = columnCounts(flat, FAILED, ...PLOT_ROWS);
    expect(flatFailed[Math.round(at(flat, spikeAt))]).toBe(0);
    // Away from the spike, both charts draw the same total bars (give or take where the rate
    // line, scaled differently, crosses them).
    const totalAt = (picture: Picture, bar: number): number => {
      const x = Math.round(at(picture, bar));
      return countColour(picture, TOTAL, {
        x0: x - 3,
        x1: x + 3,
        y0: PLOT_ROWS[0],
        y1: PLOT_ROWS[1],
      });
    };
    expect(totalAt(flat, 3)).toBeGreaterThan(1_000);
    expect(Math.abs(totalAt(spike, 3) - totalAt(flat, 3))).toBeLessThan(totalAt(flat, 3) * 0.05);
  });

  it('draws partial buckets differently from whole ones (paler)', async () => {
    const whole = hourlyBuckets(24, () => 10);
    // The first hour half in the window: half the executions, drawn scaled to a full hour.
    const partial = whole.map((b, i) =>
      i === 0 ? { ...b, failed: 5, total: 150, share: 0.5 } : b,
    );
    const wholePicture = await draw(statsChart(whole));
    const partialPicture = await draw(statsChart(partial));
    const { left, right } = barSpan(wholePicture);
    const barWidth = (right - left) / 24;
    const firstBar = {
      x0: Math.round(left + barWidth * 0.25),
      x1: Math.round(left + barWidth * 0.75),
      y0: PLOT_ROWS[0],
      y1: PLOT_ROWS[1],
    };
    const area = (firstBar.x1 - firstBar.x0) * (firstBar.y1 - firstBar.y0);
    expect(countColour(wholePicture, TOTAL, firstBar)).toBeGreaterThan(area * 0.8);
    expect(countColour(partialPicture, TOTAL, firstBar)).toBe(0);
    // Scaled to a full hour, the pale bar is as tall as its neighbours: it is not white there.
    const pale = hexColour('#BBE1F6'); // the total colour at 40 % opacity on white
    expect(countColour(partialPicture, pale, firstBar)).toBeGreaterThan(area * 0.5);
  });

  it('gives identical data the same key and bytes, drawing it once', async () => {
    const drawn: string[] = [];
    const renderer = createChartRenderer({ onDrawn: ({ key }) => drawn.push(key) });
    const chart = statsChart(hourlyBuckets(24, (i) => i));
    const first = await renderer.render(chart);
    const again = await renderer.render(statsChart(hourlyBuckets(24, (i) => i)));
    expect(again.key).toBe(first.key);
    expect(Buffer.from(again.png).equals(Buffer.from(first.png))).toBe(true);
    expect(drawn).toEqual([first.key]);
    const other = await renderer.render(statsChart(hourlyBuckets(24, (i) => i + 1)));
    expect(other.key).not.toBe(first.key);
    expect(drawn).toEqual([first.key, other.key]);
  });

  it('draws the same bytes in a fresh renderer (deterministic output)', async () => {
    const chart = spikeAlert();
    const a = await createChartRenderer().render(chart);
    const b = await createChartRenderer().render(chart);
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
  });

  it('rejects with an AbortError when the signal aborts, before or during the render', async () => {
    const renderer = createChartRenderer();
    const chart = statsChart(hourlyBuckets(24, (i) => i * 2));
    const before = new AbortController();
    before.abort();
    await expect(renderer.render(chart, { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const during = new AbortController();
    const pending = renderer.render(statsChart(hourlyBuckets(24, (i) => i * 3)), {
      signal: during.signal,
    });
    during.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    // A timeout's own reason is kept, so the caller can tell a slow render apart.
    await expect(
      renderer.render(statsChart(hourlyBuckets(5, () => 1)), {
        signal: AbortSignal.abort(new DOMException('slow', 'TimeoutError')),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('renders an alert chart with the firing period shaded', async () => {
    const firing = await draw(spikeAlert());
    const quiet = await draw(spikeAlert({ firingSinceMs: undefined }));
    const shade = hexColour('#FBEBD1'); // the firing colour at 18 % opacity on white
    const all = { x0: 0, x1: WIDTH, y0: 0, y1: HEIGHT };
    expect(countColour(firing, shade, all)).toBeGreaterThan(20_000);
    expect(countColour(quiet, shade, all)).toBe(0);
    // The shading is on the right, where the last 20 of 120 minutes are.
    const right = { x0: WIDTH / 2, x1: WIDTH, y0: 0, y1: HEIGHT };
    expect(countColour(firing, shade, right)).toBe(countColour(firing, shade, all));
  });

  it('renders empty, all-zero, single-bucket, huge and garbled data', async () => {
    const renderer = createChartRenderer();
    const garbled = hourlyBuckets(3, () => 1).map((b, i) =>
      i === 0 ? { ...b, failed: Number.NaN, total: -4 } : { ...b, share: Number.NaN },
    );
    const charts: Chart[] = [
      statsChart([]),
      statsChart(hourlyBuckets(24, () => 0).map((b) => ({ ...b, total: 0 }))),
      statsChart(hourlyBuckets(1, () => 3)),
      statsChart(hourlyBuckets(3_000, (i) => i % 7)),
      statsChart(garbled),
      spikeAlert({ points: [] }),
      spikeAlert({
        points: [
          { atMs: T0, rate: Number.NaN },
          { atMs: T0 + HOUR, rate: 7 },
        ],
      }),
    ];
    for (const chart of charts) {
      const rendered = await renderer.render(chart);
      const picture = decodePng(rendered.png);
      expect([picture.width, picture.height]).toEqual([WIDTH, HEIGHT]);
      expect(rendered.altText.length).toBeGreaterThan(10);
    }
  });

  it('renders hostile titles (markup, quotes, emoji) and keeps them out of the alt text markup', async () => {
    const title = `<script>alert("x")</script> & 'quotes' 🚀🔥 ${'long '.repeat(40)}`;
    const renderer = createChartRenderer();
    const stats = await renderer.render(
      statsChart(
        hourlyBuckets(6, () => 1),
        title,
      ),
    );
    const alert = await renderer.render(spikeAlert({ title }));
    for (const rendered of [stats, alert]) {
      expect(decodePng(rendered.png).width).toBe(WIDTH);
      expect(rendered.altText).toContain('<script>alert("x")</script> & \'quotes\'');
      expect(rendered.altText).not.toMatch(/🚀|🔥/u);
    }
  });
});
