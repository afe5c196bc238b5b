import { alertChartOf } from '../src/charts/alert-chart.js';
import type { Chart, ChartRenderer } from '../src/charts/chart.js';
import { createChartRenderer } from '../src/charts/renderer.js';
import { statsChartOf } from '../src/charts/stats-chart.js';
import { drawBars } from '../src/messages/sparkline.js';
import { TREND_BARS } from '../src/messages/stats-sections.js';
import { trendBars } from '../src/messages/trend-bars.js';
import type { Granularity, TimeBucket } from '../src/stats/types.js';
import { median, percentile, ratio } from './percentiles.js';
import { mib, num, printTable, type Verdict, verdictCell } from './table.js';

/**
 * Measurement 9: the chart renderer (src/charts/: specs on the event loop, drawing in a worker
 * thread) against the text sparkline the messages show without it, in the same run. Per chart:
 * the first render of the process (`cold`: it starts the drawing thread, which loads Vega,
 * Vega-Lite and resvg), then uncached renders (`warm`, p50 and p95), then renders of the same
 * data (`cached`); the sparkline's time is the trend a message computes for the same data
 * (trendBars + drawBars, or drawBars of the rates). Memory: RSS (the drawing thread included) and
 * the main thread's heap before the first render, after it, and at the end, each after a forced
 * GC. Verdicts are ratios only: the spread of warm renders, cached against uncached, 2,160
 * buckets against 24 (merging bounds the cost), the heap not growing from the first round of
 * renders to the end, and the event loop's longest block while drawing against one drawing.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Sun 29 Nov 2026 13:27 UTC: a fixed instant; nothing here reads the wall clock for data. */
const NOW = Date.UTC(2026, 10, 29, 13, 27);
const collect = (globalThis as { gc?: () => void }).gc;

interface Case {
  readonly name: string;
  readonly chart: Chart;
  /** What the message shows instead: the same data as a text trend. */
  readonly sparkline: () => string;
}

/** A day-shaped series with a spike, as the API would send it for [from, to). */
function apiBuckets(count: number, granularity: Granularity): TimeBucket[] {
  const length = granularity === 'hourly' ? HOUR : 24 * HOUR;
  const first = Math.floor(NOW / length) * length - (count - 1) * length;
  return Array.from({ length: count }, (_, i) => {
    const total = Math.round(400 + 300 * Math.sin((i / 24) * 2 * Math.PI));
    const failed = i === count - 5 ? Math.round(total * 0.3) : Math.round(total * 0.02);
    return {
      bucketStart: { raw: '', ms: first + i * length },
      total,
      succeeded: total - failed,
      failed,
      cancelled: 0,
    };
  });
}

function statsCase(name: string, count: number, granularity: Granularity): Case {
  const buckets = apiBuckets(count, granularity);
  const length = granularity === 'hourly' ? HOUR : 24 * HOUR;
  const window = { from: NOW - count * length + length, to: NOW };
  const chart = statsChartOf({
    title: `Executions · ${name}`,
    timeZone: 'Europe/Berlin',
    granularity,
    buckets,
    window,
  });
  return {
    name,
    chart,
    sparkline: () => {
      const { bars } = trendBars(buckets, granularity, window, TREND_BARS);
      return drawBars(bars.map((b) => b.failed)) + drawBars(bars.map((b) => b.total));
    },
  };
}

function alertCase(): Case {
  const points = Array.from({ length: 120 }, (_, i) => ({
    atMs: NOW - (119 - i) * MINUTE,
    rate: i >= 100 ? 0.25 + (i - 100) * 0.01 : 0.02 + 0.01 * Math.sin(i),
  }));
  const chart = alertChartOf({
    title: 'failure-spike · billing · failure rate',
    timeZone: 'Europe/Berlin',
    points,
    threshold: 0.2,
    baseline: 0.02,
    firingSinceMs: NOW - 19 * MINUTE,
  });
  return {
    name: 'alert, 120 evaluations',
    chart,
    sparkline: () => drawBars(points.map((p) => p.rate)),
  };
}

/** Per-call times (ms) of a cheap function: the mean of each batch of `batch` calls. */
function timeCheap(run: () => unknown, batches: number, batch: number): number[] {
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) run();
    samples.push((performance.now() - started) / batch);
  }
  return samples;
}

/**
 * One turn of the event loop between renders, as the bot has between requests. (resvg frees a
 * picture's pixels in a finalizer that runs on a later turn; without turns, a loop of renders on
 * one thread grew RSS 3 MB per render. The drawing thread takes a turn after each picture.)
 */
const turn = (): Promise<void> => new Promise((done) => setImmediate(done));

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  const elapsed = performance.now() - started;
  await turn();
  return elapsed;
}

async function memory(): Promise<{ readonly rss: number; readonly heap: number }> {
  collect?.();
  await turn();
  collect?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

export async function measureChartRender(runs: number): Promise<Verdict[]> {
  const cases = [
    statsCase('24h hourly', 24, 'hourly'),
    statsCase('7d hourly', 168, 'hourly'),
    statsCase('90d hourly', 2_160, 'hourly'),
    alertCase(),
  ];
  const uncached = createChartRenderer({ cacheSize: 0 });
  const before = await memory();
  // Cold: the first chart this process draws loads the libraries.
  const first = cases[0];
  if (first === undefined) throw new Error('no cases');
  const cold = await timed(() => uncached.render(first.chart));
  const afterLoad = await memory();

  const rows: (string | number)[][] = [];
  const warmP50 = new Map<string, number>();
  const verdicts: Verdict[] = [];
  let heapAfterFirstRound = Number.NaN;
  for (const [round, c] of [0, 1].flatMap((r) => cases.map((k) => [r, k] as const))) {
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await timed(() => uncached.render(c.chart)));
    if (round === 0) {
      if (c === cases.at(-1)) heapAfterFirstRound = (await memory()).heap;
      continue; // the first round warms the JIT up; the second is measured
    }
    const cachedRenderer = createChartRenderer();
    await cachedRenderer.render(c.chart);
    const cached: number[] = [];
    for (let i = 0; i < runs * 10; i++)
      cached.push(await timed(() => cachedRenderer.render(c.chart)));
    const text = timeCheap(c.sparkline, runs, 200);
    const p50 = median(warm);
    const p95 = percentile(warm, 95);
    warmP50.set(c.name, p50);
    rows.push([
      c.name,
      c === first ? num(cold) : '',
      num(p50),
      num(p95),
      num(ratio(p95, p50)),
      num(median(cached), 3),
      num(median(text), 4),
      num(ratio(p50, median(text)), 0),
      num(ratio(median(cached), p50), 4),
    ]);
    verdicts.push({
      measurement: `chart ${c.name}: warm p95/p50`,
      target: '<= 3',
      pass: ratio(p95, p50) <= 3,
    });
    verdicts.push({
      measurement: `chart ${c.name}: cached/uncached`,
      target: '<= 0.01',
      pass: ratio(median(cached), p50) <= 0.01,
    });
  }
  const end = await memory();
  printTable(
    `9. Chart render (ms per chart; ${runs} uncached renders each after a warm-up round; sparkline = the text trend of the same data)`,
    [
      'chart',
      'cold',
      'warm p50',
      'warm p95',
      'p95/p50',
      'cached',
      'sparkline',
      'warm/sparkline',
      'cached/warm',
    ],
    rows,
  );
  const longest = ratio(
    warmP50.get('90d hourly') ?? Number.NaN,
    warmP50.get('24h hourly') ?? Number.NaN,
  );
  verdicts.push({
    measurement: 'chart 90d (2,160 buckets) / 24h, warm p50',
    target: '<= 4 (merged: <= 240 bars)',
    pass: longest <= 4,
  });
  const heapGrowth = ratio(end.heap, heapAfterFirstRound);
  verdicts.push({
    measurement: `chart renders: heap end / after round 1`,
    target: '<= 1.1',
    pass: heapGrowth <= 1.1,
  });
  printTable(
    '9. Chart render memory (after a forced GC)',
    [
      '',
      'before',
      'after first render',
      'after all',
      'load delta',
      'heap end / round 1',
      'verdict',
    ],
    [
      [
        'RSS',
        mib(before.rss),
        mib(afterLoad.rss),
        mib(end.rss),
        mib(afterLoad.rss - before.rss),
        '',
        '',
      ],
      [
        'heap',
        mib(before.heap),
        mib(afterLoad.heap),
        mib(end.heap),
        mib(afterLoad.heap - before.heap),
        num(heapGrowth),
        verdictCell(heapGrowth <= 1.1),
      ],
    ],
  );
  console.log(
    `cold/warm (24h): ${num(ratio(cold, warmP50.get('24h hourly') ?? Number.NaN))}x; 90d/24h: ${num(longest)}x`,
  );
  const drawingMs = warmP50.get('24h hourly') ?? Number.NaN;
  verdicts.push(...(await measureEventLoopBlocks(uncached, first.chart, drawingMs)));
  return verdicts;
}

/**
 * The longest the event loop was held (a 5 ms timer's lateness) while 1 and then 10 distinct
 * charts were drawn at once, against the time one drawing takes (warm p50). Charts are drawn in
 * a worker thread, so the loop only builds specs and receives PNGs: the target, half a drawing,
 * is what drawing on the loop could not meet (Vega's stage alone is more than half of it; measured
 * on the loop with turns between stages: 10 at once held it 66-218 ms, one drawing ~100 ms; without
 * the turns 0.8-0.9 s).
 */
async function measureEventLoopBlocks(
  renderer: ChartRenderer,
  base: Chart,
  drawingMs: number,
): Promise<Verdict[]> {
  const variants = (n: number, offset: number): Chart[] =>
    Array.from({ length: n }, (_, i) => ({ ...base, title: `blocks ${offset + i}` }));
  const one = await longestBlock(() => Promise.all(variants(1, 0).map((c) => renderer.render(c))));
  const ten = await longestBlock(() => Promise.all(variants(10, 1).map((c) => renderer.render(c))));
  const share = ratio(ten, drawingMs);
  printTable(
    '9. Chart render: longest event-loop block while drawing (5 ms timer lateness)',
    ['1 chart', '10 charts at once', 'one drawing (p50)', '10 at once / drawing', '<= 0.5'],
    [
      [
        `${num(one)} ms`,
        `${num(ten)} ms`,
        `${num(drawingMs)} ms`,
        num(share),
        verdictCell(share <= 0.5),
      ],
    ],
  );
  return [
    {
      measurement: 'chart: longest loop block, 10 at once / one drawing',
      target: '<= 0.5',
      pass: share <= 0.5,
    },
  ];
}

async function longestBlock(run: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let expected = performance.now() + 5;
  let stop = false;
  const tick = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - expected);
    expected = now + 5;
    if (!stop) setTimeout(tick, 5);
  };
  setTimeout(tick, 5);
  await run();
  stop = true;
  await new Promise((done) => setTimeout(done, 10));
  return longest;
}
