import type { MessagePort } from 'node:worker_threads';
import { StatsInvalidResponseError } from './errors.js';
import type { ResponseContext } from './parse-response.js';
import {
  BUCKET_CODEC,
  type Columns,
  decodeColumns,
  encodeColumns,
  FAILURE_CODEC,
  type ItemCodec,
  SOURCE_SYSTEM_CODEC,
  STATUS_CODEC,
} from './stats-columns.js';
import type { Stats } from './types.js';

/**
 * What the event loop and the body worker say to each other (off-thread-parser.ts, body-worker.ts),
 * and the two conversions both sides must agree on: Stats cut into chunks and put back together,
 * and the typed error of an invalid body sent as data and rebuilt as the same class and message.
 *
 * Why chunks: structured-cloning a parsed 45 MB body back in one message costs the receiving
 * thread as much as parsing it there (measured: 450-930 ms to deserialize 500,000 source systems,
 * more than JSON.parse + validation). Cut into chunks of a few thousand items, each costs the
 * event loop a millisecond or less, and the parser yields to it between chunks. Each chunk
 * travels as columns (stats-columns.ts says why, with figures).
 */

/** Items per chunk: well under a millisecond of the event loop's time to rebuild (measured). */
export const CHUNK_ITEMS = 2_000;

/** The lists of Stats that can be long: they travel in chunks, the rest in one message. */
export const LISTS = ['statuses', 'sourceSystems', 'timeSeries', 'recentFailures'] as const;
export type ListName = (typeof LISTS)[number];

export type StatsHead = Omit<Stats, ListName>;

const CODECS: { readonly [K in ListName]: ItemCodec<Stats[K][number]> } = {
  statuses: STATUS_CODEC,
  sourceSystems: SOURCE_SYSTEM_CODEC,
  timeSeries: BUCKET_CODEC,
  recentFailures: FAILURE_CODEC,
};

/** Event loop -> worker. `bytes` travels by transfer (no copy); chunks come back on `port`. */
export interface ParseRequest {
  readonly type: 'parse';
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly context: ResponseContext;
  readonly port: MessagePort;
}

/** One chunk of a list, on the job's own port, in order: its items as columns. */
export interface ChunkMessage {
  readonly list: ListName;
  readonly columns: Columns;
}

/** What to transfer (not copy) with a chunk: its typed arrays. */
export function transferablesOf(chunk: ChunkMessage): ArrayBuffer[] {
  const { ends, numbers, nulls } = chunk.columns;
  return [ends.buffer, numbers.buffer, nulls.buffer] as ArrayBuffer[];
}

/** Worker -> event loop, on the worker's own port. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  /** Valid: `chunks` chunk messages are already waiting on the job's port. */
  | {
      readonly type: 'parsed';
      readonly id: number;
      readonly head: StatsHead;
      readonly chunks: number;
    }
  /** Not JSON or not the documented shape: the error the in-thread path would have thrown. */
  | { readonly type: 'invalid'; readonly id: number; readonly error: WireInvalidResponse }
  /** Anything else that went wrong in the worker (a bug): an error, as the same exception would be. */
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

export function headOf(stats: Stats): StatsHead {
  const { statuses, sourceSystems, timeSeries, recentFailures, ...head } = stats;
  return head;
}

export function* chunksOf(stats: Stats, size = CHUNK_ITEMS): Generator<ChunkMessage> {
  for (const list of LISTS) {
    const items = stats[list] as readonly unknown[];
    const codec = CODECS[list] as ItemCodec<unknown>;
    for (let start = 0; start < items.length; start += size) {
      yield { list, columns: encodeColumns(items.slice(start, start + size), codec) };
    }
  }
}

/** Collects chunks in order, then gives the Stats they and the head make. */
export function createAssembler(head: StatsHead) {
  const parts: Record<ListName, unknown[][]> = {
    statuses: [],
    sourceSystems: [],
    timeSeries: [],
    recentFailures: [],
  };
  // One list from its chunks' arrays at the end: a native concat, not 500,000 pushes into a
  // growing array (a third of the event loop's share when measured).
  const join = (list: ListName) => ([] as unknown[]).concat(...parts[list]);
  return {
    add(chunk: ChunkMessage): void {
      parts[chunk.list].push(
        decodeColumns(chunk.columns, CODECS[chunk.list] as ItemCodec<unknown>),
      );
    },
    stats(): Stats {
      const lists = {
        statuses: join('statuses'),
        sourceSystems: join('sourceSystems'),
        timeSeries: join('timeSeries'),
        recentFailures: join('recentFailures'),
      };
      return { ...head, ...(lists as unknown as Pick<Stats, ListName>) };
    },
  };
}

/** A StatsInvalidResponseError as data: its summary (the message before `: METHOD url`) and details. */
export interface WireInvalidResponse {
  readonly summary: string;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly path: string | undefined;
}

export function invalidToWire(error: StatsInvalidResponseError): WireInvalidResponse {
  const suffix = `: ${error.method} ${error.url}`;
  const summary = error.message.endsWith(suffix)
    ? error.message.slice(0, -suffix.length)
    : error.message;
  return {
    summary,
    method: error.method,
    url: error.url,
    status: error.status,
    apiMessage: error.apiMessage,
    requestId: error.requestId,
    path: error.path,
  };
}

export function invalidFromWire(wire: WireInvalidResponse): StatsInvalidResponseError {
  const { summary, ...details } = wire;
  return new StatsInvalidResponseError(summary, details);
}
