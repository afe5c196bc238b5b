import { buildStatsMessage } from '../src/messages/stats-message.js';
import { parseStatsBody } from '../src/stats/schema.js';
import { bigStatsBody } from './big-body.js';
import { median, ratio } from './percentiles.js';
import { mib, num, printTable, type Verdict, verdictCell } from './table.js';

/**
 * Measurement 3: a big response turned into a message (JSON.parse + parseStatsBody +
 * buildStatsMessage) against JSON.parse of the same bytes alone, the floor. Time: median of
 * several runs, alternating the two. Memory: heap retained by what each keeps (after a forced GC).
 */

const TIME_RATIO_TARGET = 3;
/** From one size to the next (x10 sources), the ratio may not grow by more than this factor. */
const LINEAR_TOLERANCE = 1.5;
const HOUR = 3_600_000;
const REQUEST = { method: 'GET', url: 'http://stats.bench/v1/executions/stats?granularity=hourly' };

const collect = (globalThis as { gc?: () => void }).gc;

function pipeline(text: string, now: number) {
  const stats = parseStatsBody(JSON.parse(text), REQUEST);
  const message = buildStatsMessage({
    stats,
    window: {
      from: now - 2_160 * HOUR,
      to: now,
      label: 'last 90 days',
      spec: '90d',
      timeZone: 'Europe/Berlin',
      cutAtNow: false,
    },
    granularity: 'hourly',
    source: null,
    now,
    executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
    refreshValue: '90d hourly',
    visibility: 'ephemeral',
  });
  return { stats, message };
}

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Heap still held by what `run` returns, after a GC; NaN without --expose-gc. */
function retained(run: () => unknown): number {
  if (!collect) return Number.NaN;
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept = run();
  collect();
  const after = process.memoryUsage().heapUsed;
  if (kept === undefined) throw new Error('unreachable: keeps the result alive until measured');
  return after - before;
}

export async function measureBigResponses(
  sizes: readonly number[],
  runs: number,
): Promise<Verdict[]> {
  // A fixed instant: the bodies and the messages built from them are the same at any hour.
  const now = Date.parse('2026-11-24T10:00:00Z');
  const verdicts: Verdict[] = [];
  const rows: (string | number)[][] = [];
  let previousRatio: number | null = null;
  for (const size of sizes) {
    const text = JSON.stringify(bigStatsBody(size, now));
    const floor: number[] = [];
    const full: number[] = [];
    pipeline(text, now); // warm-up
    // Small bodies take milliseconds, where one GC pause skews a median: they get more runs.
    const repeat = Math.max(runs, Math.round((runs * 1_000) / size));
    for (let i = 0; i < repeat; i++) {
      floor.push(timed(() => JSON.parse(text)));
      full.push(timed(() => pipeline(text, now)));
    }
    const floorMs = median(floor);
    const fullMs = median(full);
    const timeRatio = ratio(fullMs, floorMs);
    const floorHeap = retained(() => JSON.parse(text));
    const fullHeap = retained(() => {
      const json: unknown = JSON.parse(text);
      return { json, ...pipeline(text, now) };
    });
    const pass = timeRatio <= TIME_RATIO_TARGET;
    const linear = previousRatio === null || timeRatio <= previousRatio * LINEAR_TOLERANCE;
    previousRatio = timeRatio;
    verdicts.push({
      measurement: `big response, ${size} sources`,
      target: `<= ${TIME_RATIO_TARGET}x JSON.parse, linear`,
      pass: pass && linear,
    });
    rows.push([
      size,
      mib(text.length),
      num(floorMs),
      num(fullMs),
      num(timeRatio),
      verdictCell(pass),
      verdictCell(linear),
      mib(floorHeap),
      mib(fullHeap),
      num(ratio(fullHeap, floorHeap)),
    ]);
  }
  printTable(
    `3. Big responses (2,160 hourly buckets, 1,000 failures; median of ${runs}+ runs; heap retained after GC)`,
    [
      'sources',
      'body',
      'parse ms',
      'parse+validate+build ms',
      'ratio',
      `<= ${TIME_RATIO_TARGET}x`,
      'linear',
      'parse heap',
      'full heap',
      'heap ratio',
    ],
    rows,
  );
  return verdicts;
}
