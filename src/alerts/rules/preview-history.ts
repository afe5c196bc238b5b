import type { AlertRuleConfig } from '../../config/config.js';
import type { SourceSystemStats, Stats, StatsSource } from '../../stats/types.js';

/**
 * The hourly history a rule preview runs on, from as few stats API calls as the API allows. It has
 * per-hour counts only for all sources together (`timeSeries`) and per-source counts only for a
 * whole window (`sourceSystems`), with no source filter. So a rule over all sources reads the
 * whole range in ONE hourly query; a rule that looks at source systems (per source, or only some)
 * needs one query per hour of the range (168 for 7 days, plus the hours of the first window and
 * of the baseline before it), a few at a time.
 */

export const HOUR_MS = 3_600_000;
/** Queries in flight at once for a per-hour history: enough to be quick, few enough to be polite. */
const CONCURRENCY = 4;

/** One hour of counts: all sources together, and by source system when the rule needs them. */
export interface HourCounts {
  readonly start: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** By source system; null when the history is of all sources together. */
  readonly sources: readonly SourceSystemStats[] | null;
}

export interface HourlyHistory {
  /** Oldest first, one per hour from `from` to `to` (hours the API left out count as empty). */
  readonly hours: readonly HourCounts[];
  /** Stats API calls made. */
  readonly calls: number;
}

/** Whether the rule needs per-source counts (per-source scope, or a `sources` filter). */
export function needsSources(rule: Pick<AlertRuleConfig, 'scope' | 'sources'>): boolean {
  return rule.scope === 'per-source' || rule.sources !== null;
}

/** The hours [from, to) (whole hours) of counts the rule needs. */
export async function loadHourlyHistory(
  stats: StatsSource,
  rule: Pick<AlertRuleConfig, 'scope' | 'sources'>,
  from: number,
  to: number,
): Promise<HourlyHistory> {
  const starts: number[] = [];
  for (let t = from; t < to; t += HOUR_MS) starts.push(t);
  if (!needsSources(rule)) {
    const answer = await stats.getStats({ from, to, granularity: 'hourly' });
    const byStart = new Map(
      answer.timeSeries.flatMap((b) => (b.bucketStart.ms === null ? [] : [[b.bucketStart.ms, b]])),
    );
    const hours = starts.map((start) => {
      const b = byStart.get(start);
      return {
        start,
        succeeded: b?.succeeded ?? 0,
        failed: b?.failed ?? 0,
        cancelled: b?.cancelled ?? 0,
        sources: null,
      };
    });
    return { hours, calls: 1 };
  }
  const hours: HourCounts[] = new Array(starts.length);
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const index = next++;
      const start = starts[index] as number;
      const query = { from: start, to: start + HOUR_MS, granularity: 'hourly' as const };
      try {
        hours[index] = hourOf(start, await stats.getStats(query));
      } catch (error) {
        next = starts.length; // one hour unreadable: the preview fails, so ask no more
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, starts.length) }, worker));
  return { hours, calls: starts.length };
}

function hourOf(start: number, stats: Stats): HourCounts {
  const { succeeded, failed, cancelled } = stats.summary;
  return { start, succeeded, failed, cancelled, sources: stats.sourceSystems };
}
