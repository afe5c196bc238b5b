import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FONT_FILES } from './chart-font.js';
import type { ChartSpec } from './chart-spec.js';
import { FONT_FAMILY, LAYOUT_WIDTH, PIXEL_SCALE } from './chart-style.js';
import { ENGINE_WORKER_SOURCE } from './engine-worker-source.js';

/**
 * Where charts are drawn: a worker thread, started on the first chart, that loads Vega-Lite, Vega
 * and resvg and turns specs into PNGs (engine-worker-source.ts). Why a thread: a drawing holds
 * the thread that runs it about 0.1 s for Vega and 0.1 s for resvg, and loading the libraries
 * another 0.4 s; on the bot's event loop that would delay Slack's requests. The bot's start-up
 * and its text-only replies load none of it. The thread keeps the process alive only while it
 * draws (a CLI exits when its chart is written; the bot's SIGTERM is not held up); if it dies, the drawings in flight fail (their messages show the text trend) and the next chart
 * starts a new one.
 */

export interface DrawnPng {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface Engine {
  /** The spec drawn as a PNG, `LAYOUT_WIDTH * PIXEL_SCALE` wide. */
  draw(spec: ChartSpec): Promise<DrawnPng>;
  /** The spec drawn as SVG text (what the PNG is rasterised from; for tests). */
  svg(spec: ChartSpec): Promise<string>;
}

/** The thread's old-generation heap limit: a drawing needs ~20 MB, the libraries ~15 MB. */
const WORKER_HEAP_MB = 256;

let shared: Promise<Engine> | null = null;

/** The drawing thread, started on the first call (later calls share it). */
export function loadEngine(): Promise<Engine> {
  shared ??= startEngine().catch((error: unknown) => {
    shared = null; // a failed start (assets/ missing) is tried again next time
    throw error;
  });
  return shared;
}

interface Pending {
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
}

type Answer =
  | { readonly id: number; readonly svg: string }
  | {
      readonly id: number;
      readonly png: Uint8Array;
      readonly width: number;
      readonly height: number;
    }
  | { readonly id: number; readonly error: string };

async function startEngine(): Promise<Engine> {
  // A missing font (assets/ not shipped) fails here, naming the file, not as a chart without text.
  await Promise.all(FONT_FILES.map((file) => access(file)));
  const resolveLibrary = createRequire(import.meta.url).resolve;
  const workerData = {
    libraries: ['vega-lite', 'vega', '@resvg/resvg-js'].map(
      (name) => pathToFileURL(resolveLibrary(name)).href,
    ),
    resvgOptions: {
      fitTo: { mode: 'width', value: LAYOUT_WIDTH * PIXEL_SCALE },
      background: '#FFFFFF',
      font: {
        loadSystemFonts: false,
        // resvg's Node binding takes files only (buffers are its WebAssembly build's).
        fontFiles: [...FONT_FILES],
        defaultFontFamily: FONT_FAMILY,
        sansSerifFamily: FONT_FAMILY,
      },
    },
  };
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error): void => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    worker = null;
  };
  const thread = (): Worker => {
    if (worker !== null) return worker;
    const started = new Worker(ENGINE_WORKER_SOURCE, {
      eval: true,
      workerData,
      argv: [],
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    started.on('message', (answer: Answer) => {
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      if (pending.size === 0) started.unref();
      waiter?.resolve(answer);
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => failAll(new Error(`the chart drawing thread exited (${code})`)));
    worker = started;
    return started;
  };
  const ask = (kind: 'svg' | 'png', spec: ChartSpec): Promise<Answer> =>
    new Promise<Answer>((resolve, reject) => {
      const id = nextId++;
      const drawing = thread();
      // The thread keeps the process alive while it draws for someone, and only then.
      drawing.ref();
      pending.set(id, { resolve, reject });
      drawing.postMessage({ id, kind, spec });
    }).then((answer) => {
      if ('error' in answer) throw new Error(`chart drawing failed: ${answer.error}`);
      return answer;
    });

  return {
    async draw(spec) {
      const answer = await ask('png', spec);
      if (!('png' in answer)) throw new Error('chart drawing thread answered without a PNG');
      return { png: answer.png, width: answer.width, height: answer.height };
    },
    async svg(spec) {
      const answer = await ask('svg', spec);
      if (!('svg' in answer)) throw new Error('chart drawing thread answered without SVG');
      return answer.svg;
    },
  };
}
