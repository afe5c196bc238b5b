import type { AlertRuleConfig } from '../config/config.js';
import type { Stats, StatsQuery, StatsSource } from '../stats/types.js';
import { defaultGranularity } from '../time/granularity.js';

/**
 * The stats one evaluation cycle needs, from as few API calls as possible: one query per distinct
 * rule window (rules sharing `window: 15m` share it), and one per distinct baseline, which is
 * fetched far less often. A baseline (say the 24 h before the last 15 min) moves slowly, so the
 * same baseline window is used for BASELINE_REFRESH_FRACTION of its length (1 h for 24 h), and
 * never less than one interval: the baseline rate then lags by at most ~4% of its window, which
 * changes it by far less than the factor and significance tests can notice. The answers are kept
 * by the stats source's one cache (stats/cached-source.ts): this module only picks the windows
 * and says how old a baseline answer it accepts.
 *
 * Rules with a baseline also get the stats of each of the last HOURS whole hours (one query per
 * hour, as the API has no per-source time series), from which the engine knows at once how
 * clustered each subject's failures are (hourly-dispersion.ts). A past hour never changes once
 * it has settled, so each is fetched once, kept here, and shared by all rules: HOURS queries
 * when the bot starts, then one an hour. They are asked HOUR_CONCURRENCY at a time, not all at
 * once, and a cycle never waits for more than one such round: on start (or after an outage) the
 * hours come in the background while cycles evaluate without them, so the windows and baselines
 * of a cycle are as fresh as without hours.
 */

export const BASELINE_REFRESH_FRACTION = 1 / 24;

export type Fetched =
  | { readonly ok: true; readonly stats: Stats }
  | { readonly ok: false; readonly error: unknown };

export interface CycleStats {
  /** By window length (ms). */
  readonly windows: ReadonlyMap<number, Fetched>;
  /** By baselineKey(rule). */
  readonly baselines: ReadonlyMap<string, Fetched>;
  /**
   * The last HOURS settled whole hours, oldest first (the same array until an hour is added);
   * null when no rule has a baseline, an hour could not be read, or the hours are still coming
   * in on start (rules are then evaluated without them).
   */
  readonly hours: readonly Stats[] | null;
}

/**
 * How many past whole hours the engine is given: 48 rather than 24, as a Sunday holds too few
 * failures for 24 hours to tell clustered from independent (tuned clustered false alerts 6 → 4).
 */
export const HOURS = 48;
/** At most this many hour queries at once: HOURS of them on start would reach the API together. */
export const HOUR_CONCURRENCY = 4;
/**
 * After a batch of hour queries in which one failed, the missing hours are asked again no sooner
 * than this: an API that is down or struggling is not sent HOURS more queries every cycle.
 */
export const HOUR_RETRY_MS = 5 * 60_000;
export const HOUR_MS = 3_600_000;
/**
 * An hour is taken as final this long after its end: executions are counted when they finish,
 * and one that started in the hour and finishes late is mostly counted by then.
 */
export const HOUR_SETTLE_MS = 15 * 60_000;

/** The starts of the last HOURS whole (UTC) hours settled at `now`, oldest first. */
export function settledHours(now: number): number[] {
  const end = Math.floor((now - HOUR_SETTLE_MS) / HOUR_MS) * HOUR_MS;
  return Array.from({ length: HOURS }, (_, i) => end - (HOURS - i) * HOUR_MS);
}

/** One whole hour; daily buckets: only the counts by source system are used. */
export function hourQuery(start: number): StatsQuery {
  return { from: start, to: start + HOUR_MS, granularity: 'daily' };
}

export function baselineKey(rule: Pick<AlertRuleConfig, 'windowMs' | 'baseline'>): string | null {
  return rule.baseline === null ? null : `${rule.windowMs}/${rule.baseline.windowMs}`;
}

export function windowQuery(windowMs: number, now: number): StatsQuery {
  const window = { from: now - windowMs, to: now };
  return { ...window, granularity: defaultGranularity(window) };
}

/** The baseline window: the `baselineMs` right before the evaluated window. Daily buckets: only the counts are used. */
export function baselineQuery(windowMs: number, baselineMs: number, now: number): StatsQuery {
  return { from: now - windowMs - baselineMs, to: now - windowMs, granularity: 'daily' };
}

/** How long a fetched baseline is used before it is fetched again. */
export function baselineMaxAge(baselineMs: number, intervalMs: number): number {
  return Math.max(intervalMs, Math.floor(baselineMs * BASELINE_REFRESH_FRACTION));
}

export interface WindowFetcher {
  fetch(rules: readonly AlertRuleConfig[], now: number): Promise<CycleStats>;
}

export function createWindowFetcher(
  stats: StatsSource,
  intervalMs: number,
  /** `hours: false`: windows and baselines only (a benchmark's fetch-only floor). */
  options: { readonly hours?: boolean } = {},
): WindowFetcher {
  /** Per baseline key, the `now` its window in use was resolved at (set once fetched). */
  const baselineSince = new Map<string, number>();
  /** Settled hours fetched so far, by start; the last array handed out, reused while it is current. */
  const hourStats = new Map<number, Stats>();
  let lastHours: readonly Stats[] | null = null;
  let lastHoursFirst: number | null = null;
  /** The hour queries under way, if any (only one batch at a time). */
  let filling: Promise<void> | null = null;
  /** No new batch of hour queries before this (set when one of a batch failed). */
  let hoursRetryAt = Number.NEGATIVE_INFINITY;
  const attempt = async (query: StatsQuery, maxAgeMs?: number): Promise<Fetched> => {
    try {
      return {
        ok: true,
        stats: await stats.getStats(query, maxAgeMs === undefined ? undefined : { maxAgeMs }),
      };
    } catch (error) {
      return { ok: false, error };
    }
  };
  return {
    async fetch(rules, now) {
      const windowLengths = [...new Set(rules.map((r) => r.windowMs))];
      const baselineRules = new Map<string, { windowMs: number; baselineMs: number }>();
      for (const rule of rules) {
        const key = baselineKey(rule);
        if (key !== null && rule.baseline !== null) {
          baselineRules.set(key, { windowMs: rule.windowMs, baselineMs: rule.baseline.windowMs });
        }
      }
      const windows = await Promise.all(
        windowLengths.map(async (ms) => [ms, await attempt(windowQuery(ms, now))] as const),
      );
      // An API that answered none of the windows is down: the hours can wait for it to be back.
      const apiDown = windows.length > 0 && windows.every(([, f]) => !f.ok);
      const hoursFetched =
        options.hours === false || baselineRules.size === 0 || apiDown
          ? Promise.resolve(null)
          : fetchHours(now);
      const baselines = await Promise.all(
        [...baselineRules].map(async ([key, { windowMs, baselineMs }]) => {
          const maxAge = baselineMaxAge(baselineMs, intervalMs);
          const since = baselineSince.get(key);
          const at = since !== undefined && now >= since && now - since < maxAge ? since : now;
          const fetched = await attempt(baselineQuery(windowMs, baselineMs, at), maxAge);
          if (fetched.ok) baselineSince.set(key, at);
          return [key, fetched] as const;
        }),
      );
      return {
        windows: new Map(windows),
        baselines: new Map(baselines),
        hours: await hoursFetched,
      };
    },
  };

  /**
   * The settled hours at `now`, fetching only those not kept yet; null if one cannot be read, or
   * while more than one round of them is still coming in the background.
   */
  async function fetchHours(now: number): Promise<readonly Stats[] | null> {
    const starts = settledHours(now);
    const first = starts[0] as number;
    if (lastHours !== null && lastHoursFirst === first) return lastHours;
    if (filling !== null || now < hoursRetryAt) return null;
    const missing = starts.filter((start) => !hourStats.has(start));
    const fill = fetchEach(missing)
      .then((allRead) => {
        if (!allRead) hoursRetryAt = now + HOUR_RETRY_MS;
      })
      .finally(() => {
        filling = null;
      });
    filling = fill;
    if (missing.length > HOUR_CONCURRENCY) return null;
    await fill;
    for (const start of hourStats.keys()) if (start < first) hourStats.delete(start);
    if (starts.some((start) => !hourStats.has(start))) return null;
    lastHours = starts.map((start) => hourStats.get(start) as Stats);
    lastHoursFirst = first;
    return lastHours;
  }

  /**
   * Fetches these hours, HOUR_CONCURRENCY at a time, keeping those read (a failed one is asked
   * again later); whether all were read. A failure stops the batch: the API is struggling.
   */
  async function fetchEach(starts: readonly number[]): Promise<boolean> {
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (next < starts.length && !failed) {
        const start = starts[next] as number;
        next += 1;
        const fetched = await attempt(hourQuery(start));
        if (fetched.ok) hourStats.set(start, fetched.stats);
        else failed = true;
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(HOUR_CONCURRENCY, starts.length) }, () => worker()),
    );
    return !failed;
  }
}
