import type { Dispatcher } from 'undici';
import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';

/** What the stats client can be configured with, and its defaults (docs/reliability.md). */

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
  /** How long an answer is reused for the same window. 0 disables caching (not sharing). */
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
