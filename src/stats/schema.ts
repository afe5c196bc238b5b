import { z } from 'zod';
import { StatsInvalidResponseError } from './errors.js';
import type {
  FailedExecution,
  Granularity,
  SourceSystemStats,
  Stats,
  TimeBucket,
  Timestamp,
} from './types.js';

/**
 * Parsing and normalising the stats body, in one place: the entry points (the 200 body, the
 * error envelope), then the wire shapes in zod, the provider's timestamps, and the fast path for
 * the long lists. Timestamps sorted, errors named by field path.
 */

export interface StatsRequestInfo {
  readonly method: string;
  readonly url: string;
}

/** Validates and normalises a 200 body; throws StatsInvalidResponseError naming the first bad field. */
export function parseStatsBody(body: unknown, request: StatsRequestInfo): Stats {
  const result = safeParseBody(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = formatPath(issue?.path ?? []);
    throw new StatsInvalidResponseError(
      `Stats API response is invalid at ${path}: ${issue?.message ?? 'unexpected shape'}`,
      // The envelope's requestId helps the provider find the faulty response; its message
      // ("success") would only confuse, so it is left out.
      { ...request, path, requestId: readErrorEnvelope(body).requestId },
    );
  }
  const { requestId, data } = result.data;
  const granularity = asGranularity(data.granularity) ?? granularityOf(request.url);
  if (!granularity) {
    throw new StatsInvalidResponseError(
      'Stats API response is invalid at data.granularity: neither the response nor the request names hourly or daily',
      { ...request, path: 'data.granularity', requestId: requestId ?? undefined },
    );
  }
  return {
    requestId,
    granularity,
    summary: data.summary,
    statuses: data.statuses,
    sourceSystems: data.sourceSystems,
    timeSeries: sortBy(data.timeSeries, (b) => b.bucketStart.ms, 'asc'),
    recentFailures: sortBy(data.recentFailures, failureInstant, 'desc'),
  };
}

/**
 * bodySchema.safeParse, with the three lists that can hold thousands of items validated by the
 * loops of the fast path below (same acceptance, same output, a fraction of zod's time) and the rest by
 * zod. Whenever anything fails, the whole body goes through zod, so errors read exactly as before.
 */
function safeParseBody(body: unknown): ReturnType<typeof bodySchema.safeParse> {
  const data = isRecord(body) ? body.data : undefined;
  if (isRecord(body) && isRecord(data)) {
    const sourceSystems = fastSourceSystems(data.sourceSystems);
    const timeSeries = sourceSystems && fastTimeSeries(data.timeSeries);
    const recentFailures = timeSeries && fastRecentFailures(data.recentFailures);
    if (sourceSystems && timeSeries && recentFailures) {
      const lists = { sourceSystems: [], timeSeries: [], recentFailures: [] };
      const rest = bodySchema.safeParse({ ...body, data: { ...data, ...lists } });
      if (rest.success) {
        const parsed: ParsedStatsBody = {
          ...rest.data,
          data: { ...rest.data.data, sourceSystems, timeSeries, recentFailures },
        };
        return { ...rest, data: parsed };
      }
    }
  }
  return bodySchema.safeParse(body);
}

/**
 * Reads what it can from an error body (or a body that failed validation). Error bodies are not
 * specified; the usual envelope (`message`, `requestId`) is used when present, and an `error`
 * string or `error.message` as a fallback. The message is shortened: it ends up in Slack.
 */
export function readErrorEnvelope(body: unknown): { apiMessage?: string; requestId?: string } {
  if (!isRecord(body)) return {};
  const out: { apiMessage?: string; requestId?: string } = {};
  const nested = isRecord(body.error) ? body.error.message : undefined;
  const message = [body.message, body.error, nested].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  if (message) out.apiMessage = truncate(message.trim(), 300);
  const requestId = body.requestId ?? body.request_id;
  if (typeof requestId === 'string' && requestId !== '') out.requestId = truncate(requestId, 200);
  return out;
}

function failureInstant(f: FailedExecution): number | null {
  return f.finishedAt?.ms ?? f.createdAt?.ms ?? null;
}

/** Stable sort by a possibly-missing instant; items without one keep their order, at the end. */
function sortBy<T>(
  items: readonly T[],
  key: (item: T) => number | null,
  order: 'asc' | 'desc',
): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return (ka === null ? 1 : 0) - (kb === null ? 1 : 0);
    return sign * (ka - kb);
  });
}

function asGranularity(value: string | null | undefined): Granularity | null {
  return value === 'hourly' || value === 'daily' ? value : null;
}

function granularityOf(url: string): Granularity | null {
  try {
    return asGranularity(new URL(url).searchParams.get('granularity'));
  } catch {
    return null;
  }
}

/** `data.timeSeries[3].total`; the body itself is `(body)`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// --- The wire shapes ---

/**
 * The 200 body of `GET /v1/executions/stats`, validated to be forward compatible: extra keys are
 * dropped (z.object strips), unknown `status` values stay plain strings, and the lists and
 * optional strings that a provider might leave out become empty or null. What is wrong in type
 * (a count that is a string, negative or infinite) fails, with the field's path.
 */

const count = z.number().nonnegative();

/** Optional text: missing, null or empty all mean "none". */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));

/** Timestamps are documented as strings; numbers are accepted too. Empty/missing -> null. */
const optionalTimestamp = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => parseTimestamp(value));

/** A list the provider may omit (or send as null): treated as empty. */
function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items): z.output<T>[] => items ?? []);
}

const summarySchema = z
  .object({
    total: count,
    succeeded: count,
    failed: count,
    cancelled: count,
    // The two derived counts are filled in from the others when a provider leaves them out.
    inProgress: count.nullish(),
    terminal: count.nullish(),
    averageDurationMs: z.number().nonnegative().nullish(),
  })
  .transform((s) => {
    const terminal = s.terminal ?? s.succeeded + s.failed + s.cancelled;
    return {
      total: s.total,
      succeeded: s.succeeded,
      failed: s.failed,
      cancelled: s.cancelled,
      inProgress: s.inProgress ?? Math.max(0, s.total - terminal),
      terminal,
      // An average over zero finished executions is meaningless, whatever the API put there.
      averageDurationMs: terminal === 0 ? null : (s.averageDurationMs ?? null),
    };
  });

const bucketSchema = z
  .object({
    bucketStart: z.union([z.string(), z.number()]),
    total: count,
    succeeded: count,
    failed: count,
    cancelled: count,
  })
  .transform(
    (b): TimeBucket => ({
      ...b,
      // A bucket always has a start; an empty one is kept as unparseable rather than dropped.
      bucketStart: parseTimestamp(b.bucketStart) ?? { raw: String(b.bucketStart), ms: null },
    }),
  );

const failureSchema = z
  .object({
    executionId: z.string(),
    runId: optionalText,
    workflowId: optionalText,
    sourceSystem: optionalText,
    status: z.string(),
    statusReason: optionalText,
    createdAt: optionalTimestamp,
    finishedAt: optionalTimestamp,
  })
  .transform((f): FailedExecution => f);

const sourceSystemSchema = z.object({
  sourceSystem: z.string(),
  total: count,
  succeeded: count,
  failed: count,
  cancelled: count,
});

/** The schemas the fast path mirrors; exported for the test that keeps the two in step. */
export const LIST_ITEM_SCHEMAS = {
  sourceSystem: sourceSystemSchema,
  bucket: bucketSchema,
  failure: failureSchema,
} as const;

const dataSchema = z.object({
  granularity: z.string().nullish(),
  summary: summarySchema,
  statuses: list(z.object({ status: z.string(), count })),
  sourceSystems: list(sourceSystemSchema),
  timeSeries: list(bucketSchema),
  recentFailures: list(failureSchema),
});

const bodySchema = z.object({
  // Envelope metadata is informative only: anything but a non-empty string is treated as absent.
  requestId: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' && v !== '' ? v : null)),
  data: dataSchema,
});

type ParsedStatsBody = z.output<typeof bodySchema>;

// --- Timestamps ---

/**
 * Provider timestamps are documented only as "string". In practice they arrive as ISO 8601
 * (with or without a zone) or as Unix milliseconds written as a string (or, from some
 * serialisers, as a number). We parse both ourselves instead of `Date.parse`, because
 * `Date.parse` reads a zone-less date-time as *local* time, and the bot must not give different
 * answers on machines in different zones: a zone-less value is UTC here.
 */

// YYYY-MM-DD, then optionally [T or space]HH:mm[:ss[.fraction]], then optionally Z or ±HH[:]mm / ±HH.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

const NUMERIC_MS_PATTERN = /^[+-]?\d+(?:\.\d+)?$/;

// The range ECMAScript dates can represent; beyond it an instant is meaningless to us.
const MAX_EPOCH_MS = 8.64e15;

/**
 * Reads a provider timestamp. Missing or empty -> null (no timestamp at all). Anything else
 * becomes `{ raw, ms }` where `ms` is null when the value is neither ISO 8601 nor numeric ms,
 * so the raw text can still be shown as given.
 */
export function parseTimestamp(raw: string | number | null | undefined): Timestamp | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') {
    return { raw: String(raw), ms: toInstant(raw) };
  }
  const text = raw.trim();
  if (text === '') return null;
  if (NUMERIC_MS_PATTERN.test(text)) {
    return { raw, ms: toInstant(Number(text)) };
  }
  return { raw, ms: parseIso(text) };
}

function toInstant(ms: number): number | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) return null;
  return Math.trunc(ms);
}

function parseIso(text: string): number | null {
  const match = ISO_PATTERN.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offH, offM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  // Fractions may have any number of digits; milliseconds are the first three.
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;

  let offsetMinutes = 0;
  if (sign && !zulu) {
    const offsetHours = Number(offH);
    const offsetMins = Number(offM ?? 0);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }

  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts them back where ISO says.
  const date = new Date(utc);
  date.setUTCFullYear(year);
  return toInstant(date.getTime() - offsetMinutes * 60_000);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

// --- The fast path for the long lists ---

/**
 * Hand-written validation of the three lists that can be huge (source systems, time buckets,
 * recent failures), for parseStatsBody. zod costs about ten times JSON.parse on such lists (a pipe and
 * a transform per optional field, per item); these loops cost a fraction of it.
 *
 * They accept exactly what the zod schemas accept and return exactly what they return (a test
 * compares the two on valid and invalid items), and they never report errors: an item they do
 * not accept makes them return null, and parseStatsBody then runs zod on the whole body, which names
 * the offending field as before. zod stays the single source of the error messages.
 */

type Item = Record<string, unknown>;

const ZERO = 48;

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

/** optionalText by hand: a string or nullish; "" and nullish become null. undefined: not acceptable. */
function fastOptionalText(value: unknown): string | null | undefined {
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
    const runId = fastOptionalText(item.runId);
    const workflowId = fastOptionalText(item.workflowId);
    const sourceSystem = fastOptionalText(item.sourceSystem);
    const statusReason = fastOptionalText(item.statusReason);
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
