import type {
  FailedExecution,
  SourceSystemStats,
  StatusCount,
  TimeBucket,
  Timestamp,
} from './types.js';

/**
 * The long lists of Stats as columns, for the trip from the body worker to the event loop: every
 * string of a chunk joined into one text with its end offsets, every number in a Float64Array,
 * and a flag per nullable value. The event loop rebuilds each item with slices of the text and
 * reads from the arrays: the cheapest way found to hand it objects it must own anyway.
 *
 * Measured on 500,000 source systems (one run, same machine): rebuilding from columns 92-132 ms,
 * JSON.parse of chunk texts 380-420 ms, structured clone 610-680 ms; whole-body JSON.parse +
 * validation in the event loop, the path before, 270-560 ms. The typed arrays are transferred,
 * not copied; the text is copied once.
 *
 * One writer and one reader per item type, written out field by field: a field added to a type
 * in types.ts fails to compile here until it is carried, and a test compares the round trip.
 * Numbers keep their exact value (-0 included); a Timestamp's missing `ms` travels as NaN, which
 * no parsed timestamp can be.
 */

export interface Columns {
  readonly count: number;
  readonly text: string;
  readonly ends: Uint32Array;
  readonly numbers: Float64Array;
  readonly nulls: Uint8Array;
}

export interface ColumnWriter {
  string(value: string): void;
  text(value: string | null): void;
  number(value: number): void;
  timestamp(value: Timestamp | null): void;
  instant(value: Timestamp): void;
}

export interface ColumnReader {
  string(): string;
  text(): string | null;
  number(): number;
  timestamp(): Timestamp | null;
  instant(): Timestamp;
}

export interface ItemCodec<T> {
  write(out: ColumnWriter, item: T): void;
  read(from: ColumnReader): T;
}

export const STATUS_CODEC: ItemCodec<StatusCount> = {
  write(out, s) {
    out.string(s.status);
    out.number(s.count);
  },
  read: (from) => ({ status: from.string(), count: from.number() }),
};

export const SOURCE_SYSTEM_CODEC: ItemCodec<SourceSystemStats> = {
  write(out, s) {
    out.string(s.sourceSystem);
    out.number(s.total);
    out.number(s.succeeded);
    out.number(s.failed);
    out.number(s.cancelled);
  },
  read: (from) => ({
    sourceSystem: from.string(),
    total: from.number(),
    succeeded: from.number(),
    failed: from.number(),
    cancelled: from.number(),
  }),
};

export const BUCKET_CODEC: ItemCodec<TimeBucket> = {
  write(out, b) {
    out.instant(b.bucketStart);
    out.number(b.total);
    out.number(b.succeeded);
    out.number(b.failed);
    out.number(b.cancelled);
  },
  read: (from) => ({
    bucketStart: from.instant(),
    total: from.number(),
    succeeded: from.number(),
    failed: from.number(),
    cancelled: from.number(),
  }),
};

export const FAILURE_CODEC: ItemCodec<FailedExecution> = {
  write(out, f) {
    out.string(f.executionId);
    out.text(f.runId);
    out.text(f.workflowId);
    out.text(f.sourceSystem);
    out.string(f.status);
    out.text(f.statusReason);
    out.timestamp(f.createdAt);
    out.timestamp(f.finishedAt);
  },
  read: (from) => ({
    executionId: from.string(),
    runId: from.text(),
    workflowId: from.text(),
    sourceSystem: from.text(),
    status: from.string(),
    statusReason: from.text(),
    createdAt: from.timestamp(),
    finishedAt: from.timestamp(),
  }),
};

export function encodeColumns<T>(items: readonly T[], codec: ItemCodec<T>): Columns {
  const parts: string[] = [];
  const ends: number[] = [];
  const numbers: number[] = [];
  const nulls: number[] = [];
  let length = 0;
  const out: ColumnWriter = {
    string(value) {
      parts.push(value);
      length += value.length;
      ends.push(length);
    },
    text(value) {
      nulls.push(value === null ? 1 : 0);
      if (value !== null) out.string(value);
    },
    number(value) {
      numbers.push(value);
    },
    timestamp(value) {
      nulls.push(value === null ? 1 : 0);
      if (value !== null) out.instant(value);
    },
    instant(value) {
      out.string(value.raw);
      numbers.push(value.ms ?? Number.NaN);
    },
  };
  for (const item of items) codec.write(out, item);
  return {
    count: items.length,
    text: parts.join(''),
    ends: Uint32Array.from(ends),
    numbers: Float64Array.from(numbers),
    nulls: Uint8Array.from(nulls),
  };
}

export function decodeColumns<T>(columns: Columns, codec: ItemCodec<T>): T[] {
  const { text, ends, numbers, nulls } = columns;
  let s = 0;
  let n = 0;
  let z = 0;
  let start = 0;
  const from: ColumnReader = {
    string() {
      const end = ends[s++] as number;
      const value = text.slice(start, end);
      start = end;
      return value;
    },
    text: () => (nulls[z++] === 1 ? null : from.string()),
    number: () => numbers[n++] as number,
    timestamp: () => (nulls[z++] === 1 ? null : from.instant()),
    instant() {
      const raw = from.string();
      const ms = numbers[n++] as number;
      return { raw, ms: Number.isNaN(ms) ? null : ms };
    },
  };
  const items = new Array<T>(columns.count);
  for (let i = 0; i < columns.count; i++) items[i] = codec.read(from);
  return items;
}
