import type { Clock } from '../clock.js';
import type { GetStatsOptions, StatsQuery, StatsSource } from './types.js';

/**
 * The one cache in front of the stats API, shared by every feature (the client holds it; the
 * simulator is wrapped in it): identical queries asked at (nearly) the same time share one call,
 * and an answer is reused while it is younger than its caller accepts.
 *
 * Why: the bot asks for the same window from several places at once: digests scheduled for the
 * same minute, alert rules sharing a window or a baseline, a burst of `/exec-stats` after an
 * incident, the "open current stats" button pressed by a whole channel. Each call costs the
 * provider a query; one shared call is cheaper and gives everybody the same numbers.
 *
 * The policy, in one place:
 * - A call in flight is shared by every caller asking the same query (single-flight).
 * - A successful answer is reused while it is younger than the caller's `maxAgeMs`; callers that
 *   do not say (a command, a button: they want the numbers of now) accept `ttlMs`, 5 s. The
 *   scheduled features say how old an answer they accept: digests due at the same moment share a
 *   minute (digests/run-digest.ts), an alert baseline is kept for 1/24 of its length
 *   (alerts/window-fetcher.ts). An answer is kept as long as the most patient caller that used it
 *   accepts, so a command never gets a baseline's hour-old answer, and a baseline is not refetched
 *   because a command asked for it.
 * - Failures are shared with the callers already waiting, never remembered: the next caller tries
 *   again.
 * - At most `maxEntries` (oldest evicted first), so a stream of distinct windows cannot make the
 *   cache grow without limit.
 *
 * Why a tolerance: relative windows ("last 24h") are resolved against "now", so two callers a
 * few milliseconds apart ask for from/to that differ by those milliseconds. An entry matches a
 * request with the same granularity whose `from` and `to` are each within `toleranceMs`; with the
 * default (= the TTL) the difference is at most a few seconds on windows of minutes to months.
 *
 * Abort: each caller's signal only detaches that caller. The shared call has its own signal,
 * aborted when every caller waiting on it has gone, so nobody pays for work nobody wants.
 */

export interface CachedSourceOptions {
  readonly clock: Clock;
  /**
   * How long a successful answer is reused for callers that do not give `maxAgeMs`, from when it
   * arrived. Default 5 s; 0: such callers share calls in flight but get no cached answer.
   */
  readonly ttlMs?: number | undefined;
  /** How far from/to may differ for an entry to match. Default: the TTL. */
  readonly toleranceMs?: number | undefined;
  /** Most entries kept (in flight and cached together). Default 100. */
  readonly maxEntries?: number | undefined;
}

export type Loader<T> = (query: StatsQuery, signal: AbortSignal) => Promise<T>;

export interface StatsCache<T> {
  get(query: StatsQuery, options?: GetStatsOptions): Promise<T>;
  /** Entries currently held (in flight or cached). */
  size(): number;
  /** Forgets everything cached and aborts the calls in flight. */
  clear(): void;
}

export interface CachedSource extends StatsSource {
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
  /** How long after settling the entry is kept: the largest age a caller of it accepts. */
  keepMs: number;
  /** Callers with a signal still waiting. */
  waiters: number;
  /** A caller without a signal is waiting: it can never leave, so the call is never aborted. */
  pinned: boolean;
}

/** A stats source behind the cache. */
export function createCachedSource(
  source: StatsSource,
  options: CachedSourceOptions,
): CachedSource {
  const cache = createStatsCache((query, signal) => source.getStats(query, { signal }), options);
  return { getStats: (query, getOptions) => cache.get(query, getOptions), clear: cache.clear };
}

/** The cache around any loader (the HTTP client's retry loop, a source, a test's). */
export function createStatsCache<T>(load: Loader<T>, options: CachedSourceOptions): StatsCache<T> {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const toleranceMs = options.toleranceMs ?? ttlMs;
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const { clock } = options;
  // Insertion order is age order, which is what eviction needs.
  const entries = new Set<Entry<T>>();

  const younger = (entry: Entry<T>, now: number, ageMs: number) =>
    entry.settledAt === null || now - entry.settledAt < ageMs;

  function matches(entry: Entry<T>, query: StatsQuery): boolean {
    return (
      entry.query.granularity === query.granularity &&
      Math.abs(entry.query.from - query.from) <= toleranceMs &&
      Math.abs(entry.query.to - query.to) <= toleranceMs
    );
  }

  function find(query: StatsQuery, maxAgeMs: number): Entry<T> | undefined {
    const now = clock.now();
    let found: Entry<T> | undefined;
    for (const entry of entries) {
      if (!younger(entry, now, entry.keepMs)) entries.delete(entry);
      else if (!found && matches(entry, query) && younger(entry, now, maxAgeMs)) found = entry;
    }
    return found;
  }

  function start(query: StatsQuery, keepMs: number): Entry<T> {
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
      keepMs,
      waiters: 0,
      pinned: false,
    };
    entries.add(entry);
    entry.promise.then(
      () => {
        entry.settledAt = clock.now();
        if (entry.keepMs <= 0) entries.delete(entry);
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
    get(query, getOptions) {
      const signal = getOptions?.signal;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const maxAgeMs = getOptions?.maxAgeMs ?? ttlMs;
      const found = find(query, maxAgeMs);
      if (found === undefined) return wait(start(query, maxAgeMs), signal);
      found.keepMs = Math.max(found.keepMs, maxAgeMs);
      return wait(found, signal);
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
