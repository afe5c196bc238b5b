import { setTimeout as delay } from 'node:timers/promises';
import { type Dispatcher, Pool } from 'undici';
import { systemClock } from '../clock.js';
import { silentLogger } from '../logging/logger.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_STATS_TIMEOUTS,
  type StatsClientOptions,
  withDefaults,
} from './client-options.js';
import { type StatsApiError, type StatsErrorDetails, StatsTimeoutError } from './errors.js';
import { type AttemptSettings, attemptStatsRequest } from './http-attempt.js';
import { rebuildStatsError } from './rebuild-error.js';
import {
  type AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  type RetryPolicy,
} from './retry-policy.js';
import { createSingleFlight, DEFAULT_CACHE_TTL_MS } from './single-flight.js';
import { parseBaseUrl, statsUrl } from './stats-url.js';
import type { GetStatsOptions, Stats, StatsQuery, StatsSource } from './types.js';

/**
 * The HTTP client of the stats API: undici keep-alive pool, timeouts at every stage plus an
 * overall deadline, retries with backoff (retry-policy.ts), capped and validated responses, and
 * identical concurrent queries shared (single-flight.ts).
 */

export type {
  StatsClientOptions,
  StatsClientRetries,
  StatsClientTimeouts,
} from './client-options.js';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_STATS_TIMEOUTS } from './client-options.js';

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
  const settings: AttemptSettings = {
    dispatcher,
    token: options.token,
    headersTimeoutMs: timeouts.headersMs,
    bodyTimeoutMs: timeouts.bodyMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
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

  const flights = createSingleFlight<Stats>(fetchWithRetries, {
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
      return flights.get(query, getOptions?.signal);
    },
    async close() {
      closed = true;
      flights.clear();
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
