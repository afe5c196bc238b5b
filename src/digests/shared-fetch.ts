import type { Clock } from '../clock.js';
import type { Stats, StatsQuery, StatsSource } from '../stats/types.js';

/**
 * Digests due at the same moment with the same window (and so the same previous period) ask
 * the same query: the first asks the API, the others share its answer. Windows are resolved at
 * the scheduled time, not at "now", so such queries are identical to the millisecond and the key
 * is exact. Answers are kept `keepMs` (a minute) so that digests whose ticks land a little apart
 * still share; failures are never kept, so a retry really asks again.
 */
export type FetchStats = (query: StatsQuery) => Promise<Stats>;

export function createSharedFetch(stats: StatsSource, clock: Clock, keepMs = 60_000): FetchStats {
  const entries = new Map<string, { promise: Promise<Stats>; expires: number }>();
  return (query) => {
    const now = clock.now();
    for (const [key, entry] of entries) if (entry.expires <= now) entries.delete(key);
    const key = `${query.granularity}:${query.from}:${query.to}`;
    const held = entries.get(key);
    if (held !== undefined) return held.promise;
    const promise = stats.getStats(query);
    const entry = { promise, expires: Number.POSITIVE_INFINITY };
    entries.set(key, entry);
    promise.then(
      () => {
        entry.expires = clock.now() + keepMs;
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return promise;
  };
}
