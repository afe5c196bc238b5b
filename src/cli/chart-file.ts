import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Chart, ChartRenderer, RenderedChart } from '../charts/chart.js';
import type { ChartImages } from '../slack/chart-images.js';

/**
 * Charts off Slack: `preview --chart FILE` and the demo write the PNG a message would carry.
 *
 * `capturingChartImages` stands where the bot has its Slack uploader: the reply asks it for the
 * chart it would show, exactly as in Slack (same data, title, zone), and it keeps that chart and
 * answers "no image", so the terminal shows the text trend as before.
 */
export interface CapturedChart {
  readonly images: ChartImages;
  /** The chart the message asked for, or null when it asked for none. */
  readonly chart: () => Chart | null;
}

export function capturingChartImages(): CapturedChart {
  let captured: Chart | null = null;
  return {
    images: {
      image: async (chart) => {
        captured ??= chart;
        return null;
      },
      discard: async () => {},
    },
    chart: () => captured,
  };
}

export interface WrittenChart {
  /** Absolute path of the PNG. */
  readonly path: string;
  readonly rendered: RenderedChart;
}

/** Renders `chart` and writes its PNG at `file` (relative to the working directory). */
export async function writeChartPng(
  renderer: ChartRenderer,
  chart: Chart,
  file: string,
): Promise<WrittenChart> {
  const rendered = await renderer.render(chart);
  const path = resolve(file);
  await writeFile(path, rendered.png);
  return { path, rendered };
}
