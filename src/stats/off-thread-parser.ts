import { availableParallelism } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  type Worker,
} from 'node:worker_threads';
import { type Logger, silentLogger } from '../logging/logger.js';
import { startBodyWorker } from './body-worker-thread.js';
import { StatsResponseTooLargeError } from './errors.js';
import { type ParseOutcome, parseStatsResponse, type ResponseContext } from './parse-response.js';
import { createPermits, type Permit } from './permits.js';
import {
  type ChunkMessage,
  createAssembler,
  invalidFromWire,
  type ParseRequest,
  type StatsHead,
  type WorkerMessage,
} from './worker-protocol.js';

/**
 * Big stats bodies parsed and validated off the event loop, in a small pool of worker threads.
 *
 * Why: JSON.parse + validation of a 45 MB body holds the thread that runs it 0.3-0.6 s (more on
 * a busy machine); ten of them at once kept the event loop from answering Slack (acks up to 4 s)
 * and /healthz (over 5 s). In a worker, the event loop's share is receiving the result, in chunks,
 * yielding between them (worker-protocol.ts says why not in one message). That share is not
 * small, since materialising 500,000 objects has a floor whoever parses, but it comes in slices of
 * a millisecond or two instead of one block, so whatever else waits gets its turn.
 *
 * Memory stays bounded by two limits: `workers` threads parse at once, each with a heap limit (a
 * body that needs more is refused as too large, as the byte cap would), and `admitted` big bodies
 * are held at once, from the first byte read to the last chunk received (the client asks for a
 * permit before reading a big body; while it waits the connection is paused and the bytes stay
 * with the sender).
 *
 * If a worker cannot start at all (a broken install), big bodies are parsed in the event loop as
 * before, and that is logged once: slower, never wrong.
 */

export interface OffThreadParserOptions {
  /**
   * Worker threads at most. Default 2 (1 on a single core): measured on 2 shared cores, ten
   * 45 MB answers at once took 22 s with one worker (the last ones hit the 20 s deadline) and
   * 18.7 s with two; the event loop's own share (receiving the results) is the same either way.
   */
  readonly workers?: number;
  /** Big bodies held at once (read, waiting or parsed). Default: twice `workers`. */
  readonly admitted?: number;
  /** An idle worker stops after this long, which gives its heap back. Default 30 s. */
  readonly idleMs?: number;
  /** Old-generation heap limit of each worker, MiB. Default 1024 (a 50 MB body needs ~350). */
  readonly maxHeapMb?: number;
  readonly logger?: Logger;
}

export interface OffThreadParser {
  /** Waits for room to hold one more big body; release the permit when done with it. */
  admit(signal?: AbortSignal): Promise<Permit>;
  /**
   * parseStatsResponse in a worker. The bytes are transferred to it when they own their memory
   * (a Buffer.concat result does), else copied; either way the caller must not use them after.
   * A body whose parse runs out of the worker's heap gives a too-large error.
   */
  parse(bytes: Uint8Array, context: ResponseContext, signal?: AbortSignal): Promise<ParseOutcome>;
  /** Workers running now (for tests and the bench). */
  workers(): number;
  /** Stops every worker; jobs still queued or running reject. */
  close(): Promise<void>;
}

export const DEFAULT_WORKERS = Math.min(2, availableParallelism());
const DEFAULT_IDLE_MS = 30_000;
const DEFAULT_MAX_HEAP_MB = 1_024;

interface Job {
  readonly id: number;
  readonly bytes: Uint8Array;
  /** The body's size, kept: the bytes are detached once transferred. */
  readonly size: number;
  readonly context: ResponseContext;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (outcome: ParseOutcome) => void;
  readonly reject: (error: unknown) => void;
  readonly queuedAt: number;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  job: (Job & { readonly port: MessagePort }) | null;
  idleTimer: NodeJS.Timeout | null;
  error: unknown;
}

let jobIds = 0;

export function createOffThreadParser(options: OffThreadParserOptions = {}): OffThreadParser {
  const maxWorkers = Math.max(1, Math.floor(options.workers ?? DEFAULT_WORKERS));
  const permits = createPermits(Math.max(1, Math.floor(options.admitted ?? 2 * maxWorkers)));
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  const logger = options.logger ?? silentLogger;
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let disabled = false;
  let closed = false;

  /** The event loop's fallback: the same code, in this thread. */
  function inThread(job: Job): void {
    try {
      job.resolve(parseStatsResponse(job.bytes, job.context));
    } catch (error) {
      job.reject(error);
    }
  }

  function spawn(): void {
    let worker: Worker;
    try {
      worker = startBodyWorker({ maxOldGenerationSizeMb: maxHeapMb });
    } catch (error) {
      disabled = true;
      logger.error('the stats body worker did not start; big bodies are parsed in the event loop', {
        error: String(error),
      });
      return;
    }
    const slot: Slot = { worker, ready: false, job: null, idleTimer: null, error: undefined };
    slots.add(slot);
    worker.on('message', (message: WorkerMessage) => onMessage(slot, message));
    worker.on('error', (error) => {
      slot.error = error;
    });
    worker.on('exit', () => onExit(slot));
  }

  function onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') {
      slot.ready = true;
      pump();
      return;
    }
    const job = slot.job;
    if (job === null || job.id !== message.id) return;
    slot.job = null;
    idle(slot);
    pump();
    switch (message.type) {
      case 'parsed':
        void receive(job, job.port, message.head, message.chunks);
        return;
      case 'invalid':
        job.port.close();
        done(job, { ok: false, error: invalidFromWire(message.error) });
        return;
      case 'failed':
        job.port.close();
        job.reject(new Error(`the stats body worker failed: ${message.message}`));
        return;
    }
  }

  /** Takes the chunks one per turn of the event loop, so what is waiting in it goes first. */
  async function receive(job: Job, port: MessagePort, head: StatsHead, chunks: number) {
    try {
      const assembler = createAssembler(head);
      for (let i = 0; i < chunks; i++) {
        await yieldToEventLoop();
        if (job.signal?.aborted) throw job.signal.reason;
        const received = receiveMessageOnPort(port);
        if (received === undefined) throw new Error('the stats body worker sent too few chunks');
        assembler.add(received.message as ChunkMessage);
      }
      done(job, { ok: true, stats: assembler.stats() });
    } catch (error) {
      job.reject(error);
    } finally {
      port.close();
    }
  }

  function done(job: Job, outcome: ParseOutcome): void {
    logger.debug('big stats body parsed in a worker', {
      bytes: job.size,
      valid: outcome.ok,
      ms: Math.round(performance.now() - job.queuedAt),
    });
    job.resolve(outcome);
  }

  function onExit(slot: Slot): void {
    slots.delete(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const job = slot.job;
    slot.job = null;
    if (!slot.ready && !closed) {
      // Never started: a broken install. Parse in the event loop from now on, as before.
      disabled = true;
      logger.error('the stats body worker did not start; big bodies are parsed in the event loop', {
        error: String(slot.error),
      });
    }
    if (job) {
      job.port.close();
      const code = (slot.error as { code?: unknown } | undefined)?.code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        done(job, {
          ok: false,
          error: new StatsResponseTooLargeError(
            `Stats API response is too large to process (it needs more than ${maxHeapMb} MiB of memory)`,
            { ...job.context.request, status: job.context.status },
          ),
        });
      } else {
        job.reject(closed ? new Error('the stats body parser is closed') : slot.error);
      }
    }
    pump();
  }

  function idle(slot: Slot): void {
    // An idle worker must not keep the process alive, and goes away after a while.
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => void slot.worker.terminate(), idleMs);
    slot.idleTimer.unref();
  }

  function pump(): void {
    while (queue.length > 0) {
      if (closed) return;
      if (disabled) {
        for (const job of queue.splice(0)) inThread(job);
        return;
      }
      let slot: Slot | undefined;
      for (const candidate of slots) {
        if (candidate.ready && candidate.job === null) {
          slot = candidate;
          break;
        }
      }
      if (slot === undefined) {
        // Jobs go to ready workers only: bytes posted to a worker that then fails to start
        // would be lost with it.
        const starting = [...slots].filter((s) => !s.ready).length;
        if (slots.size < maxWorkers && starting < queue.length) {
          spawn();
          if (disabled) continue;
        }
        return;
      }
      const job = queue.shift() as Job;
      if (job.signal?.aborted) {
        job.reject(job.signal.reason);
        continue;
      }
      run(slot, job);
    }
  }

  function run(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    // A busy worker keeps the process alive: someone is waiting for its answer.
    slot.worker.ref();
    const { port1, port2 } = new MessageChannel();
    const owned =
      job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength;
    const bytes = owned ? job.bytes : new Uint8Array(job.bytes);
    const request: ParseRequest = {
      type: 'parse',
      id: job.id,
      bytes,
      context: job.context,
      port: port2,
    };
    slot.job = { ...job, port: port1 };
    slot.worker.postMessage(request, [bytes.buffer as ArrayBuffer, port2]);
  }

  return {
    admit: (signal) => permits.acquire(signal),
    parse(bytes, context, signal) {
      if (closed) return Promise.reject(new Error('the stats body parser is closed'));
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<ParseOutcome>((resolve, reject) => {
        // A caller that gives up (its deadline) is answered at once; a job it leaves behind is
        // dropped from the queue, or, when already in a worker, finishes there unread.
        const onAbort = () => {
          const at = queue.indexOf(job);
          if (at >= 0) queue.splice(at, 1);
          reject(signal?.reason);
        };
        const settle = () => signal?.removeEventListener('abort', onAbort);
        const job: Job = {
          id: ++jobIds,
          bytes,
          size: bytes.byteLength,
          context,
          signal,
          resolve: (outcome) => {
            settle();
            resolve(outcome);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
          queuedAt: performance.now(),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        logger.debug('parsing a big stats body in a worker', { bytes: job.size });
        queue.push(job);
        pump();
      });
    },
    workers: () => slots.size,
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the stats body parser is closed'));
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
    },
  };
}
