import { parseTimestamp } from './timestamp.js';
import type { FailedExecution, SourceSystemStats, TimeBucket, Timestamp } from './types.js';

/**
 * Hand-written validation of the three lists that can be huge (source systems, time buckets,
 * recent failures), for schema.ts. zod costs about ten times JSON.parse on such lists (a pipe and
 * a transform per optional field, per item); these loops cost a fraction of it.
 *
 * They accept exactly what the zod schemas accept and return exactly what they return (a test
 * compares the two on valid and invalid items), and they never report errors: an item they do
 * not accept makes them return null, and schema.ts then runs zod on the whole body, which names
 * the offending field as before. zod stays the single source of the error messages.
 */

type Item = Record<string, unknown>;

const ZERO = 48;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Digits of `text` from `start` to `end` as a number, or -1 if any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * parseTimestamp, with a shortcut for the shape nearly every provider sends, JSON's own
 * `2026-11-02T09:01:30.000Z`: read by character codes instead of a regular expression with
 * eleven groups (a quarter of the whole validation's time on a 90-day hourly series). Any other
 * shape, and any value the shortcut would have to think about (an impossible date, a year below
 * 1000), goes to parseTimestamp. A test checks that both agree.
 */
export function fastTimestamp(raw: string | number | null | undefined): Timestamp | null {
  if (typeof raw !== 'string' || raw.length !== 24) return parseTimestamp(raw);
  if (
    raw.charCodeAt(4) !== 45 || // -
    raw.charCodeAt(7) !== 45 || // -
    raw.charCodeAt(10) !== 84 || // T
    raw.charCodeAt(13) !== 58 || // :
    raw.charCodeAt(16) !== 58 || // :
    raw.charCodeAt(19) !== 46 || // .
    raw.charCodeAt(23) !== 90 // Z
  ) {
    return parseTimestamp(raw);
  }
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 7);
  const day = digits(raw, 8, 10);
  const hour = digits(raw, 11, 13);
  const minute = digits(raw, 14, 16);
  const second = digits(raw, 17, 19);
  const millis = digits(raw, 20, 23);
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  const monthDays = leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > monthDays ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    millis < 0
  ) {
    return parseTimestamp(raw);
  }
  return { raw, ms: Date.UTC(year, month - 1, day, hour, minute, second, millis) };
}

/** What zod's z.object accepts as an object. */
function isObject(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** z.number().nonnegative(): finite (zod 4 refuses NaN and ±Infinity) and >= 0. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** z.union([z.string(), z.number()]). */
function isStringOrNumber(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function hasCounts(item: Item): boolean {
  return (
    isCount(item.total) &&
    isCount(item.succeeded) &&
    isCount(item.failed) &&
    isCount(item.cancelled)
  );
}

/** A list the schema treats as empty when missing or null; null when it is not an array. */
function items(list: unknown): readonly unknown[] | null {
  if (isNullish(list)) return [];
  return Array.isArray(list) ? list : null;
}

export function fastSourceSystems(list: unknown): SourceSystemStats[] | null {
  const input = items(list);
  if (input === null) return null;
  const out: SourceSystemStats[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const item = input[i];
    if (!isObject(item) || typeof item.sourceSystem !== 'string' || !hasCounts(item)) return null;
    out[i] = {
      sourceSystem: item.sourceSystem,
      total: item.total as number,
      succeeded: item.succeeded as number,
      failed: item.failed as number,
      cancelled: item.cancelled as number,
    };
  }
  return out;
}

export function fastTimeSeries(list: unknown): TimeBucket[] | null {
  const input = items(list);
  if (input === null) return null;
  const out: TimeBucket[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const item = input[i];
    if (!isObject(item) || !isStringOrNumber(item.bucketStart) || !hasCounts(item)) return null;
    const start = item.bucketStart;
    out[i] = {
      bucketStart: fastTimestamp(start) ?? { raw: String(start), ms: null },
      total: item.total as number,
      succeeded: item.succeeded as number,
      failed: item.failed as number,
      cancelled: item.cancelled as number,
    };
  }
  return out;
}

/** optionalText: a string or nullish; "" and nullish become null. undefined: not acceptable. */
function optionalText(value: unknown): string | null | undefined {
  if (isNullish(value)) return null;
  if (typeof value !== 'string') return undefined;
  return value === '' ? null : value;
}

function isOptionalTimestamp(value: unknown): value is string | number | null | undefined {
  return isNullish(value) || isStringOrNumber(value);
}

export function fastRecentFailures(list: unknown): FailedExecution[] | null {
  const input = items(list);
  if (input === null) return null;
  const out: FailedExecution[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const item = input[i];
    if (!isObject(item)) return null;
    const runId = optionalText(item.runId);
    const workflowId = optionalText(item.workflowId);
    const sourceSystem = optionalText(item.sourceSystem);
    const statusReason = optionalText(item.statusReason);
    const { executionId, status, createdAt, finishedAt } = item;
    if (
      typeof executionId !== 'string' ||
      typeof status !== 'string' ||
      runId === undefined ||
      workflowId === undefined ||
      sourceSystem === undefined ||
      statusReason === undefined ||
      !isOptionalTimestamp(createdAt) ||
      !isOptionalTimestamp(finishedAt)
    ) {
      return null;
    }
    out[i] = {
      executionId,
      runId,
      workflowId,
      sourceSystem,
      status,
      statusReason,
      createdAt: fastTimestamp(createdAt),
      finishedAt: fastTimestamp(finishedAt),
    };
  }
  return out;
}
