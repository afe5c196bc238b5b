import { alertChartOf } from './alert-chart.js';
import { alertSpec } from './alert-spec.js';
import { altTextOf } from './alt-text.js';
import type { Chart, ChartRenderer, RenderedChart } from './chart.js';
import { type Engine, loadEngine } from './chart-engine.js';
import { chartKey } from './chart-key.js';
import type { ChartSpec } from './chart-spec.js';
import { createDrawQueue } from './draw-queue.js';
import { LruCache } from './render-cache.js';
import { drawableStatsChart } from './stats-chart.js';
import { statsSpec } from './stats-spec.js';

export interface ChartRendererOptions {
  /** Renders kept (by chart key); 0 turns the cache off. Default 64 (about 4 MB of PNGs). */
  readonly cacheSize?: number;
  /** Told of every chart actually drawn (not of cache hits): for logs, metrics and tests. */
  readonly onDrawn?: (drawn: { readonly key: string; readonly kind: Chart['kind'] }) => void;
  /** The engine; tests and benchmarks may pass one, the default loads the libraries on first use. */
  readonly loadEngine?: () => Promise<Engine>;
}

const DEFAULT_CACHE_SIZE = 64;

/**
 * The chart renderer: chart data to a PNG, with alt text and a key. Identical data is drawn once
 * (renders in flight are shared too), and drawings take turns (draw-queue.ts). A drawing cannot
 * be interrupted half-way (Vega and resvg run to the end once started), so an aborted signal
 * rejects the caller's promise at once; the drawing, if it has started or someone else still
 * waits for it, finishes and fills the cache for the next caller; if nobody waits when its turn
 * comes, it is skipped.
 */
export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const cache = new LruCache<Promise<RenderedChart>>(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  const load = options.loadEngine ?? loadEngine;
  const queue = createDrawQueue();
  /** Callers still waiting for each drawing not yet finished (Infinity: one without a signal). */
  const waiting = new Map<string, { count: number }>();

  async function draw(chart: Chart, key: string): Promise<RenderedChart> {
    const engine = await load();
    const { png, width, height } = await engine.draw(specOf(chart));
    options.onDrawn?.({ key, kind: chart.kind });
    return { png, width, height, key, altText: altTextOf(chart) };
  }

  return {
    render(input, { signal } = {}) {
      if (signal?.aborted === true) return Promise.reject(abortReason(signal));
      const chart = drawable(input);
      const key = chartKey(chart);
      let rendered = cache.get(key);
      if (rendered === undefined) {
        const interest = { count: 0 };
        waiting.set(key, interest);
        rendered = queue.enqueue(
          () => draw(chart, key),
          () => interest.count > 0,
        );
        cache.set(key, rendered);
        // A failed or skipped render is not cached: the next caller tries again.
        const entry = rendered;
        const settled = (): void => {
          if (waiting.get(key) === interest) waiting.delete(key);
        };
        entry.then(settled, () => {
          settled();
          if (cache.get(key) === entry) cache.delete(key);
        });
      }
      const interest = waiting.get(key);
      if (signal === undefined) {
        if (interest !== undefined) interest.count = Number.POSITIVE_INFINITY;
        return rendered;
      }
      if (interest !== undefined) {
        interest.count += 1;
        const giveUp = (): void => {
          interest.count -= 1;
        };
        const forget = (): void => signal.removeEventListener('abort', giveUp);
        signal.addEventListener('abort', giveUp, { once: true });
        rendered.then(forget, forget);
      }
      return untilAborted(rendered, signal);
    },
  };
}

function drawable(chart: Chart): Chart {
  return chart.kind === 'stats' ? drawableStatsChart(chart) : alertChartOf(chart);
}

function specOf(chart: Chart): ChartSpec {
  return chart.kind === 'stats' ? statsSpec(chart) : alertSpec(chart);
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The signal's reason when it is an error (AbortSignal.timeout gives a TimeoutError), else an AbortError. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The chart render was aborted', 'AbortError');
}
