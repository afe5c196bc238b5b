import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChartRenderer } from '../charts/chart.js';
import { createChartRenderer } from '../charts/renderer.js';
import { type CapturedChart, capturingChartImages, writeChartPng } from './chart-file.js';
import type { CliIo } from './io.js';

/**
 * The charts of `npm run demo`: the pictures Slack would show with the demo's 24 h reply, its
 * digest and its alert as first posted. Each part of the demo asks for its chart exactly as the
 * bot does (through a capturing stand-in for the Slack upload, chart-file.ts); at the end they
 * are drawn and written as PNGs, and their paths printed.
 */

/** Where `npm run demo` writes them: a fixed folder in the OS temp dir, overwritten each run. */
export function defaultDemoChartsDir(): string {
  return join(tmpdir(), 'exec-stats-demo-charts');
}

export interface DemoCharts {
  readonly reply: CapturedChart;
  readonly digest: CapturedChart;
  readonly alert: CapturedChart;
}

export function demoCharts(): DemoCharts {
  return {
    reply: capturingChartImages(),
    digest: capturingChartImages(),
    alert: capturingChartImages(),
  };
}

const FILES: readonly {
  readonly part: keyof DemoCharts;
  readonly file: string;
  readonly what: string;
}[] = [
  { part: 'reply', file: 'stats-24h.png', what: 'the /exec-stats 24h reply' },
  { part: 'digest', file: 'digest-ops-daily.png', what: 'the digest "ops-daily"' },
  { part: 'alert', file: 'alert-billing.png', what: 'the alert, as first posted' },
];

/** Draws the captured charts into `dir` (created if missing) and prints their paths. */
export async function writeDemoCharts(
  io: CliIo,
  charts: DemoCharts,
  dir: string,
  renderer: ChartRenderer = createChartRenderer(),
): Promise<readonly string[]> {
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  const paths: string[] = [];
  for (const { part, file, what } of FILES) {
    const chart = charts[part].chart();
    if (chart === null) continue;
    const written = await writeChartPng(renderer, chart, join(dir, file));
    paths.push(written.path);
    lines.push(`  ${what}: ${written.path}`);
  }
  io.out(
    `\n# the charts Slack would show with these messages (PNG, 1200x600)\n\n${lines.join('\n')}\n`,
  );
  return paths;
}
