import { setTimeout as delay } from 'node:timers/promises';
import { type Dispatcher, Pool } from 'undici';
import { type Clock, systemClock } from '../clock.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { createStatsCache, DEFAULT_CACHE_TTL_MS } from './cached-source.js';
import {
  rebuildStatsError,
  type StatsApiError,
  type StatsErrorDetails,
  StatsHttpError,
  StatsNetworkError,
  StatsResponseTooLargeError,
  StatsTimeoutError,
} from './errors.js';
import {
  createOffThreadParser,
  type OffThreadParser,
  type OffThreadParserOptions,
} from './off-thread-parser.js';
import { type ParseOutcome, parseStatsResponse, type ResponseContext } from './parse-response.js';
import type { Permit } from './permits.js';
import { readErrorEnvelope } from './schema.js';
import type { GetStatsOptions, Stats, StatsQuery, StatsSource } from './types.js';

/**
 * The HTTP client of the stats API, one GET in one file: its options and defaults, the undici
 * keep-alive pool, timeouts at every stage plus an overall deadline, the retry loop and its pure
 * policy (when to try again, after how long), one attempt with every failure turned into a typed
 * error (errors.ts), the body read under a byte cap and validated (schema.ts; big bodies in a
 * worker thread, off-thread-parser.ts, so the event loop keeps answering meanwhile). Identical
 * concurrent queries are shared and answers kept by the one stats cache (cached-source.ts).
 */

// --- Options and their defaults (docs/reliability.md) ---

export interface StatsClientTimeouts {
  /** TCP/TLS connect. Only applies to the client's own pool, not to an injected dispatcher. */
  readonly connectMs?: number;
  /** From request sent to response headers received. */
  readonly headersMs?: number;
  /** Longest pause between two chunks of the body. */
  readonly bodyMs?: number;
  /** Whole getStats call, retries and waits included. */
  readonly totalMs?: number;
}

export interface StatsClientRetries {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly maxRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface StatsClientOptions {
  /** The part before `/v1/…`; may carry a path prefix and a trailing slash. */
  readonly baseUrl: string;
  readonly token: string;
  /** For tests or proxies; the client then neither creates nor closes a pool. */
  readonly dispatcher?: Dispatcher;
  readonly timeouts?: StatsClientTimeouts;
  readonly retries?: StatsClientRetries;
  readonly maxResponseBytes?: number;
  /**
   * Bodies of at least this many bytes are parsed and validated in a worker thread, so that the
   * event loop keeps answering Slack and /healthz meanwhile; smaller ones cost it less than the
   * trip to a worker would. Infinity parses every body in the event loop. Default 1 MiB.
   */
  readonly offThreadFromBytes?: number;
  /** The worker pool's limits (off-thread-parser.ts); the client starts and stops its own. */
  readonly offThread?: OffThreadParserOptions;
  /**
   * How long an answer is reused for the same window by callers that do not give `maxAgeMs`.
   * 0 disables that caching (not sharing).
   */
  readonly cacheTtlMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Jitter source, uniform in [0, 1). */
  readonly random?: () => number;
  /** Waits between retries; must reject when the signal aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_STATS_TIMEOUTS: Required<StatsClientTimeouts> = {
  connectMs: 3_000,
  headersMs: 10_000,
  bodyMs: 10_000,
  totalMs: 20_000,
};
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
/**
 * Parsing in the event loop holds it ~7 ms per MiB (270-340 ms measured for 42 MiB, more on a busy
 * machine); from 1 MiB that is more than the trip to a worker costs it.
 */
export const DEFAULT_OFF_THREAD_FROM_BYTES = 1024 * 1024;

/** Defaults, overridden only by values actually given (an explicit `undefined` keeps the default). */
export function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`stats client option ${key} must be a non-negative number`);
    }
    (out as Record<string, number>)[key] = value;
  }
  return out;
}

// --- The client: the retry loop under one deadline ---

export type StatsClient = StatsSource & { close(): Promise<void> };

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal });

export function createStatsClient(options: StatsClientOptions): StatsClient {
  const base = parseBaseUrl(options.baseUrl);
  const timeouts = withDefaults(DEFAULT_STATS_TIMEOUTS, options.timeouts);
  const policy: RetryPolicy = withDefaults(DEFAULT_RETRY_POLICY, options.retries);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Pool(base.origin, {
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      // A handful of keep-alive connections: enough for a digest burst, polite to the API.
      connections: 8,
    });
  const offThreadFromBytes = options.offThreadFromBytes ?? DEFAULT_OFF_THREAD_FROM_BYTES;
  // Started lazily: workers cost nothing until the first big body.
  const offThread =
    offThreadFromBytes === Number.POSITIVE_INFINITY
      ? null
      : createOffThreadParser({ logger, ...options.offThread });
  const settings: AttemptSettings = {
    dispatcher,
    token: options.token,
    headersTimeoutMs: timeouts.headersMs,
    bodyTimeoutMs: timeouts.bodyMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    offThread: offThread === null ? null : { parser: offThread, fromBytes: offThreadFromBytes },
  };

  async function fetchWithRetries(query: StatsQuery, upstream: AbortSignal): Promise<Stats> {
    const url = statsUrl(base, query);
    const displayUrl = url.toString();
    const request = { method: 'GET', url: displayUrl };
    const deadlineAt = clock.now() + timeouts.totalMs;
    const deadlineController = new AbortController();
    const deadline = deadlineController.signal;
    // Cleared when the call ends, so a busy bot does not accumulate pending deadline timers.
    const deadlineTimer = setTimeout(() => deadlineController.abort(), timeouts.totalMs);
    deadlineTimer.unref();
    const signal = AbortSignal.any([upstream, deadline]);
    let attempts = 0;
    let lastError: StatsApiError | undefined;
    const timedOut = () =>
      new StatsTimeoutError(`Stats API gave no usable answer within ${timeouts.totalMs} ms`, {
        ...request,
        ...carried(lastError),
        attempts,
        cause: lastError,
      });

    try {
      for (;;) {
        attempts += 1;
        const result = await attemptStatsRequest(url, displayUrl, signal, settings);
        if (result.ok) {
          logger.debug('stats fetched', {
            url: displayUrl,
            attempts,
            requestId: result.stats.requestId,
          });
          return result.stats;
        }
        if (upstream.aborted) throw upstream.reason;
        if (deadline.aborted) throw timedOut();
        lastError = result.error;
        const decision = decideRetry(
          {
            outcome: outcomeOf(result.error, result.retryAfter),
            attempts,
            now: clock.now(),
            random,
            remainingMs: deadlineAt - clock.now(),
          },
          policy,
        );
        if (!decision.retry) {
          const note = decision.reason === 'not-retryable' ? undefined : decision.explanation;
          throw rebuildStatsError(result.error, attempts, note);
        }
        logger.warn('stats API call failed; retrying', {
          url: displayUrl,
          attempt: attempts,
          delayMs: decision.delayMs,
          error: result.error.message,
          status: result.error.status,
          requestId: result.error.requestId,
        });
        try {
          await sleep(decision.delayMs, signal);
        } catch (error) {
          if (upstream.aborted) throw upstream.reason;
          if (deadline.aborted) throw timedOut();
          throw error;
        }
      }
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  const flights = createStatsCache<Stats>(fetchWithRetries, {
    clock,
    ttlMs: options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
  });
  let closed = false;

  return {
    getStats(query: StatsQuery, getOptions?: GetStatsOptions): Promise<Stats> {
      if (closed) return Promise.reject(new Error('the stats client is closed'));
      if (!Number.isSafeInteger(query.from) || !Number.isSafeInteger(query.to)) {
        return Promise.reject(
          new RangeError(`stats query needs integer ms, got ${query.from}..${query.to}`),
        );
      }
      return flights.get(query, getOptions);
    },
    async close() {
      closed = true;
      flights.clear();
      await offThread?.close();
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

function outcomeOf(error: StatsApiError, retryAfter: string | null): AttemptOutcome {
  return error.kind === 'http' && error.status !== undefined
    ? { kind: 'http', status: error.status, retryAfter }
    : { kind: error.kind === 'http' ? 'network' : error.kind };
}

/** The API's own words about the last failure stay visible on the deadline error. */
function carried(error: StatsApiError | undefined): Partial<StatsErrorDetails> {
  if (!error) return {};
  return { status: error.status, apiMessage: error.apiMessage, requestId: error.requestId };
}

// --- The URL ---

/** Checks the configured base URL once, at start, so a typo fails early and clearly. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError('stats API base URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`stats API base URL must be http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Credentials in the URL would end up in logs and error messages; the token is for that.
    throw new TypeError('stats API base URL must not contain credentials; use the token');
  }
  return url;
}

/** `{base}/v1/executions/stats?from=&to=&granularity=`, keeping any path prefix of the base. */
export function statsUrl(base: URL, query: StatsQuery): URL {
  const url = new URL(base.origin);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/v1/executions/stats`;
  url.search = new URLSearchParams({
    from: String(query.from),
    to: String(query.to),
    granularity: query.granularity,
  }).toString();
  return url;
}

// --- One attempt ---

/**
 * One HTTP attempt at the stats endpoint, with every way it can fail turned into a typed error.
 * It never throws: the retry loop decides what happens next from the result.
 */

interface AttemptSettings {
  readonly dispatcher: Dispatcher;
  readonly token: string;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** Where bodies of `fromBytes` or more are parsed; null: all in the event loop. */
  readonly offThread: { readonly parser: OffThreadParser; readonly fromBytes: number } | null;
}

type AttemptResult =
  | { readonly ok: true; readonly stats: Stats }
  | {
      readonly ok: false;
      readonly error: StatsApiError;
      /** The `Retry-After` header of an HTTP error, for the retry policy. */
      readonly retryAfter: string | null;
    };

/** Error bodies are only read for their message and requestId; a few KiB is plenty. */
const ERROR_BODY_MAX_BYTES = 64 * 1024;

async function attemptStatsRequest(
  url: URL,
  displayUrl: string,
  signal: AbortSignal,
  settings: AttemptSettings,
): Promise<AttemptResult> {
  const request = { method: 'GET', url: displayUrl };
  let response: Dispatcher.ResponseData;
  try {
    response = await settings.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { authorization: `Bearer ${settings.token}`, accept: 'application/json' },
      signal,
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
    });
  } catch (error) {
    return failed(transportError(error, request, settings));
  }

  const { statusCode, headers, body } = response;
  if (statusCode < 200 || statusCode > 299) {
    const text = await readBody(body, {
      maxBytes: ERROR_BODY_MAX_BYTES,
      contentLength: headers['content-length'],
      onOverflow: 'truncate',
    }).then(
      (buffer) => buffer.toString('utf8'),
      () => '',
    );
    const envelope = readErrorEnvelope(parseJson(text));
    const requestId = envelope.requestId ?? headerValue(headers['x-request-id']);
    const summary = `Stats API answered HTTP ${statusCode}${envelope.apiMessage ? ` (${envelope.apiMessage})` : ''}`;
    return failed(
      new StatsHttpError(summary, { ...request, status: statusCode, ...envelope, requestId }),
      headerValue(headers['retry-after']) ?? null,
    );
  }

  const context: ResponseContext = {
    request,
    status: statusCode,
    headerRequestId: headerValue(headers['x-request-id']),
  };
  let outcome: ParseOutcome | { readonly ok: false; readonly error: StatsApiError };
  // Held from before a big body is read until it is parsed: the memory bound of big bodies.
  let permit: Permit | null = null;
  try {
    const offThread = settings.offThread;
    const declared = declaredLength(headers['content-length']);
    let buffer: Buffer;
    try {
      // A body over the cap is refused by readBody without a wait; one known to be big waits
      // for room first, and one without a length waits when it turns out big, mid-read.
      if (offThread && declared !== null && declared >= offThread.fromBytes) {
        if (declared <= settings.maxResponseBytes) permit = await offThread.parser.admit(signal);
      }
      buffer = await readBody(body, {
        maxBytes: settings.maxResponseBytes,
        contentLength: headers['content-length'],
        ...(offThread && permit === null
          ? {
              pauseAt: {
                bytes: offThread.fromBytes,
                wait: async () => {
                  permit = await offThread.parser.admit(signal);
                },
              },
            }
          : {}),
      });
    } catch (error) {
      body.destroy();
      if (error instanceof BodyTooLargeError) {
        return failed(
          new StatsResponseTooLargeError(`Stats API response is too large (${error.message})`, {
            ...request,
            status: statusCode,
            cause: error,
          }),
        );
      }
      return failed(transportError(error, request, settings));
    }
    outcome =
      offThread && buffer.length >= offThread.fromBytes
        ? await offThread.parser.parse(buffer, context, signal).catch((error: unknown) => {
            // Given up (the deadline, or the caller left): reported like any aborted transfer.
            if (signal.aborted)
              return { ok: false, error: transportError(error, request, settings) } as const;
            throw error;
          })
        : parseStatsResponse(buffer, context);
  } finally {
    (permit as Permit | null)?.release();
  }
  return outcome.ok ? { ok: true, stats: outcome.stats } : failed(outcome.error);
}

function failed(error: StatsApiError, retryAfter: string | null = null): AttemptResult {
  return { ok: false, error, retryAfter };
}

const NOT_JSON: unique symbol = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** undici's error codes, in words a reader of the log or the Slack message understands. */
function transportError(
  error: unknown,
  request: { method: string; url: string },
  settings: AttemptSettings,
): StatsApiError {
  const code = errorCode(error);
  const details = { ...request, cause: error };
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new StatsTimeoutError('Could not connect to the stats API in time', details);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new StatsTimeoutError(
        `Stats API sent no response within ${settings.headersTimeoutMs} ms`,
        details,
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return new StatsTimeoutError(
        `Stats API response stalled for more than ${settings.bodyTimeoutMs} ms`,
        details,
      );
    default: {
      const reason = code ?? (error instanceof Error ? error.message : String(error));
      return new StatsNetworkError(`Could not reach the stats API (${reason})`, details);
    }
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Connection errors may come wrapped (e.g. an AggregateError of several addresses).
  return errorCode((error as { cause?: unknown }).cause);
}

// --- The body, read under a byte cap ---

/**
 * Reads a response body as a stream with a byte cap, so a misbehaving API (or a proxy's endless
 * error page) cannot make the bot buffer an unbounded amount of memory. The declared
 * `content-length` is checked first so an oversized answer is refused before any byte is read;
 * the running count covers chunked bodies and lying headers.
 */

export interface StreamedBody extends AsyncIterable<Uint8Array | string> {
  destroy(error?: Error): unknown;
}

/** The body exceeded the cap; `declaredBytes` is set when the content-length header said so. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(
    readonly maxBytes: number,
    readonly declaredBytes: number | null,
  ) {
    super(
      declaredBytes === null
        ? `response body exceeded ${maxBytes} bytes`
        : `response declared ${declaredBytes} bytes, more than ${maxBytes}`,
    );
  }
}

export interface ReadBodyOptions {
  readonly maxBytes: number;
  /** The `content-length` response header, if any. */
  readonly contentLength?: string | string[] | undefined;
  /** 'throw' (default) rejects past the cap; 'truncate' returns what was read up to it. */
  readonly onOverflow?: 'throw' | 'truncate';
  /**
   * Once more than `bytes` have been read, reading pauses until `wait()` resolves (the stream is
   * not consumed meanwhile, so the connection applies backpressure); a rejection ends the read.
   */
  readonly pauseAt?: { readonly bytes: number; readonly wait: () => Promise<void> };
}

export async function readBody(body: StreamedBody, options: ReadBodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const truncate = options.onOverflow === 'truncate';
  const declared = declaredLength(options.contentLength);
  if (declared !== null && declared > maxBytes && !truncate) {
    body.destroy();
    throw new BodyTooLargeError(maxBytes, declared);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let pause = options.pauseAt;
  // With a declared length the bytes are copied into one buffer as they arrive: a big body is
  // then never held twice, and no single copy of all of it (tens of ms for 45 MB) holds the event
  // loop at the end. The buffer owns its memory, so it can be transferred to a worker.
  let whole = declared !== null && !truncate ? Buffer.allocUnsafeSlow(declared) : null;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (whole !== null && total + buffer.length > whole.length) {
      // More than declared (undici refuses that; a test double might not): collect instead.
      chunks.push(whole.subarray(0, total));
      whole = null;
    }
    if (whole !== null) {
      buffer.copy(whole, total);
      total += buffer.length;
    } else if (total + buffer.length > maxBytes) {
      // Stop reading now; destroying the stream also drops the connection, which is intended.
      body.destroy();
      if (!truncate) throw new BodyTooLargeError(maxBytes, null);
      chunks.push(buffer.subarray(0, maxBytes - total));
      return Buffer.concat(chunks);
    } else {
      chunks.push(buffer);
      total += buffer.length;
    }
    if (pause && total > pause.bytes) {
      const { wait } = pause;
      pause = undefined;
      try {
        await wait();
      } catch (error) {
        body.destroy();
        throw error;
      }
    }
  }
  if (whole !== null) return total === whole.length ? whole : whole.subarray(0, total);
  return Buffer.concat(chunks);
}

function declaredLength(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

// --- When to retry, and after how long ---

/**
 * When the stats client tries again, and after how long. Pure: the time (`now`) and the jitter
 * source (`random`) are inputs, so every decision can be tested as data.
 *
 * Transient failures (network, timeouts, 429, 5xx) are retried a small number of times with
 * exponential backoff and full jitter, so that many bot instances hitting a struggling API do not
 * retry in lockstep. A server's `Retry-After` is honoured, but never beyond the configured maximum
 * delay: a caller (a Slack user, an alert cycle) is waiting, and giving up with a clear error
 * beats hanging for minutes.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (2 -> at most 3 attempts). */
  readonly maxRetries: number;
  /** Backoff ceiling for the first retry; doubles on each further retry. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this, whether from backoff or from Retry-After. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
};

/** What went wrong in one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: 'network' }
  | { readonly kind: 'timeout' }
  | {
      readonly kind: 'http';
      readonly status: number;
      readonly retryAfter?: string | null | undefined;
    }
  | { readonly kind: 'invalid-response' }
  | { readonly kind: 'too-large' };

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | {
      readonly retry: false;
      readonly reason: 'not-retryable' | 'attempts-exhausted' | 'retry-after-too-long' | 'deadline';
      /** Why, in words, to append to the error the caller sees. */
      readonly explanation: string;
    };

export interface RetryInput {
  readonly outcome: AttemptOutcome;
  /** Attempts made so far, including the one that just failed (1 after the first). */
  readonly attempts: number;
  readonly now: number;
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** Time left before the caller's overall deadline; undefined when there is none. */
  readonly remainingMs?: number | undefined;
}

/** Network errors, timeouts, 429 and 5xx are worth another try; 4xx and bad bodies are not. */
export function isRetryable(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'http':
      return outcome.status === 429 || (outcome.status >= 500 && outcome.status <= 599);
    case 'invalid-response':
    case 'too-large':
      return false;
  }
}

/** Full jitter: uniform in [0, min(max, base * 2^retryIndex)). retryIndex 0 is the first retry. */
export function backoffDelayMs(
  retryIndex: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as a delay in ms from `now`: either delta-seconds or an HTTP date. Null when
 * absent or unreadable (the backoff applies then). A date in the past means "now": 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only dates that name a day and a zone (as HTTP dates do), so "5s" or "1.5" are not guessed at.
  if (!/[a-z]{3}/i.test(text) || !/(GMT|UTC|[+-]\d{4})$/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export function decideRetry(input: RetryInput, policy: RetryPolicy): RetryDecision {
  const { outcome, attempts } = input;
  if (!isRetryable(outcome)) {
    return { retry: false, reason: 'not-retryable', explanation: 'not retried' };
  }
  if (attempts > policy.maxRetries) {
    return {
      retry: false,
      reason: 'attempts-exhausted',
      explanation: `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
    };
  }
  const retryAfter =
    outcome.kind === 'http' ? parseRetryAfter(outcome.retryAfter, input.now) : null;
  if (retryAfter !== null && retryAfter > policy.maxDelayMs) {
    return {
      retry: false,
      reason: 'retry-after-too-long',
      explanation: `the API asked to retry after ${formatSeconds(retryAfter)}, longer than the ${formatSeconds(policy.maxDelayMs)} this bot waits`,
    };
  }
  const delayMs = retryAfter ?? backoffDelayMs(attempts - 1, policy, input.random);
  if (input.remainingMs !== undefined && delayMs >= input.remainingMs) {
    return {
      retry: false,
      reason: 'deadline',
      explanation: `no time left to retry before the deadline (after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
    };
  }
  return { retry: true, delayMs };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
