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

export function createWindowFetcher(stats: StatsSource, intervalMs: number): WindowFetcher {
  /** Per baseline key, the `now` its window in use was resolved at (set once fetched). */
  const baselineSince = new Map<string, number>();
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
      return { windows: new Map(windows), baselines: new Map(baselines) };
    },
  };
}
