import type { Clock } from '../clock.js';
import type { StatsQuery } from './types.js';

/**
 * Shares stats calls between callers that ask for (nearly) the same thing at (nearly) the same
 * time, and remembers answers for a few seconds.
 *
 * Why: the bot asks for the same window from several places at once: digests scheduled for the
 * same minute, alert rules sharing a window, a burst of `/exec-stats` after an incident, the
 * "open current stats" button pressed by a whole channel. Each call costs the provider a query;
 * one shared call is cheaper and gives everybody the same numbers.
 *
 * Why a tolerance: relative windows ("last 24h") are resolved against "now", so two callers a
 * few milliseconds apart ask for from/to that differ by those milliseconds. An entry matches a
 * request with the same granularity whose `from` and `to` are each within `toleranceMs`; with the
 * default (= the TTL) the difference is at most a few seconds on windows of minutes to months.
 *
 * Failures are shared with the callers already waiting, but not remembered: the next caller
 * tries again. The number of entries is bounded (oldest evicted first) so a stream of distinct
 * windows cannot make the cache grow without limit.
 *
 * Abort: each caller's signal only detaches that caller. The shared call has its own signal,
 * aborted when every caller waiting on it has gone, so nobody pays for work nobody wants.
 */

export interface SingleFlightOptions {
  readonly clock: Clock;
  /** How long a successful answer is reused, from when it arrived. Default 5 s; 0 disables it. */
  readonly ttlMs?: number | undefined;
  /** How far from/to may differ for an entry to match. Default: the TTL. */
  readonly toleranceMs?: number | undefined;
  /** Most entries kept (in flight and cached together). Default 100. */
  readonly maxEntries?: number | undefined;
}

export type Loader<T> = (query: StatsQuery, signal: AbortSignal) => Promise<T>;

export interface SingleFlight<T> {
  get(query: StatsQuery, signal?: AbortSignal): Promise<T>;
  /** Entries currently held (in flight or cached). */
  size(): number;
  /** Forgets everything cached and aborts the calls in flight. */
  clear(): void;
}

export const DEFAULT_CACHE_TTL_MS = 5_000;
const DEFAULT_MAX_ENTRIES = 100;

interface Entry<T> {
  readonly query: StatsQuery;
  readonly controller: AbortController;
  readonly promise: Promise<T>;
  /** Set when the shared call succeeded; the entry is then a cache entry until it expires. */
  settledAt: number | null;
  /** Callers with a signal still waiting. */
  waiters: number;
  /** A caller without a signal is waiting: it can never leave, so the call is never aborted. */
  pinned: boolean;
}

export function createSingleFlight<T>(
  load: Loader<T>,
  options: SingleFlightOptions,
): SingleFlight<T> {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const toleranceMs = options.toleranceMs ?? ttlMs;
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const { clock } = options;
  // Insertion order is age order, which is what eviction needs.
  const entries = new Set<Entry<T>>();

  function isFresh(entry: Entry<T>, now: number): boolean {
    return entry.settledAt === null || now - entry.settledAt < ttlMs;
  }

  function matches(entry: Entry<T>, query: StatsQuery): boolean {
    return (
      entry.query.granularity === query.granularity &&
      Math.abs(entry.query.from - query.from) <= toleranceMs &&
      Math.abs(entry.query.to - query.to) <= toleranceMs
    );
  }

  function find(query: StatsQuery): Entry<T> | undefined {
    const now = clock.now();
    let found: Entry<T> | undefined;
    for (const entry of entries) {
      if (!isFresh(entry, now)) entries.delete(entry);
      else if (!found && matches(entry, query)) found = entry;
    }
    return found;
  }

  function start(query: StatsQuery): Entry<T> {
    while (entries.size >= maxEntries) {
      const oldest = entries.values().next().value;
      if (!oldest) break;
      // An evicted call in flight keeps running for the callers already waiting on it.
      entries.delete(oldest);
    }
    const controller = new AbortController();
    let promise: Promise<T>;
    try {
      promise = load(query, controller.signal);
    } catch (error) {
      promise = Promise.reject(error);
    }
    const entry: Entry<T> = {
      query,
      controller,
      promise,
      settledAt: null,
      waiters: 0,
      pinned: false,
    };
    entries.add(entry);
    entry.promise.then(
      () => {
        entry.settledAt = clock.now();
        if (ttlMs <= 0) entries.delete(entry);
      },
      () => entries.delete(entry),
    );
    return entry;
  }

  function wait(entry: Entry<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      entry.pinned = true;
      return entry.promise;
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    entry.waiters += 1;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        entry.waiters -= 1;
        if (entry.waiters === 0 && !entry.pinned && entry.settledAt === null) {
          entries.delete(entry);
          entry.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  return {
    get(query, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return wait(find(query) ?? start(query), signal);
    },
    size: () => entries.size,
    clear() {
      for (const entry of entries) {
        if (entry.settledAt === null) entry.controller.abort(new Error('stats cache cleared'));
      }
      entries.clear();
    },
  };
}
