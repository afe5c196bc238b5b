import type { MessagePort } from 'node:worker_threads';
import { StatsInvalidResponseError } from './errors.js';
import type { ResponseContext } from './parse-response.js';
import type { Stats } from './types.js';

/**
 * What the event loop and the body worker say to each other (off-thread-parser.ts, body-worker.ts),
 * and the two conversions both sides must agree on: Stats cut into chunks and put back together,
 * and the typed error of an invalid body sent as data and rebuilt as the same class and message.
 *
 * Why chunks: structured-cloning a parsed 45 MB body back in one message costs the receiving
 * thread as much as parsing it there (measured: 450-930 ms to deserialize 500,000 source systems,
 * more than JSON.parse + validation). Cut into chunks of a few thousand items, each costs the
 * event loop a millisecond or two, and the parser yields to it between chunks.
 *
 * Why JSON text in the chunks: the event loop pays for every object it receives, however it comes.
 * Measured on 500,000 source systems in chunks of 2,000: structured clone 610-680 ms, JSON.parse
 * of each chunk's text 300-340 ms, and even building the objects from columns (typed arrays
 * and one string) 260-380 ms, the allocation dominating. JSON text is the simple half-price way;
 * Stats holds only strings, finite numbers and null, which JSON carries exactly (but -0 arrives
 * as 0, which shows the same). */

/** Items per chunk: about 1-2 ms of the event loop's time to receive on the machine measured. */
export const CHUNK_ITEMS = 2_000;

/** The lists of Stats that can be long: they travel in chunks, the rest in one message. */
export const LISTS = ['statuses', 'sourceSystems', 'timeSeries', 'recentFailures'] as const;
export type ListName = (typeof LISTS)[number];

export type StatsHead = Omit<Stats, ListName>;

/** Event loop -> worker. `bytes` travels by transfer (no copy); chunks come back on `port`. */
export interface ParseRequest {
  readonly type: 'parse';
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly context: ResponseContext;
  readonly port: MessagePort;
}

/** One chunk of a list, on the job's own port, in order: its items as JSON text. */
export interface ChunkMessage {
  readonly list: ListName;
  readonly json: string;
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
  /** Anything else that went wrong in the worker (a bug): the event loop parses it itself. */
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

export function headOf(stats: Stats): StatsHead {
  const { statuses, sourceSystems, timeSeries, recentFailures, ...head } = stats;
  return head;
}

export function* chunksOf(stats: Stats, size = CHUNK_ITEMS): Generator<ChunkMessage> {
  for (const list of LISTS) {
    const items = stats[list];
    for (let start = 0; start < items.length; start += size) {
      yield { list, json: JSON.stringify(items.slice(start, start + size)) };
    }
  }
}

/** Collects chunks in order, then gives the Stats they and the head make. */
export function createAssembler(head: StatsHead) {
  const lists: Record<ListName, unknown[]> = {
    statuses: [],
    sourceSystems: [],
    timeSeries: [],
    recentFailures: [],
  };
  return {
    add(chunk: ChunkMessage): void {
      const target = lists[chunk.list];
      const items = JSON.parse(chunk.json) as unknown[];
      // push(...items) would put every item on the stack; a loop has no size limit.
      for (const item of items) target.push(item);
    },
    stats(): Stats {
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
