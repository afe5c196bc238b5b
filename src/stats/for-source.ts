import type { SourceSystemStats, Stats } from './types.js';

/**
 * The stats narrowed to one source system, in the same shape, so one message builder serves both.
 * The API gives per source only counts: there is no per-source average duration, status
 * breakdown or time series, so those are null or empty here (and the message says so).
 * Applying it twice gives the same result.
 */
export function statsForSource(stats: Stats, sourceSystem: string): Stats | null {
  const entry = findSource(stats.sourceSystems, sourceSystem);
  if (entry === undefined) return null;
  const terminal = entry.succeeded + entry.failed + entry.cancelled;
  return {
    requestId: stats.requestId,
    granularity: stats.granularity,
    summary: {
      total: entry.total,
      succeeded: entry.succeeded,
      failed: entry.failed,
      cancelled: entry.cancelled,
      terminal,
      // Never negative, even if the API's counts disagree with each other.
      inProgress: Math.max(0, entry.total - terminal),
      averageDurationMs: null,
    },
    statuses: [],
    sourceSystems: [entry],
    timeSeries: [],
    recentFailures: stats.recentFailures.filter(
      (failure) => failure.sourceSystem === entry.sourceSystem,
    ),
  };
}

/** Exact name first, so "Billing" and "billing" stay apart when both exist; else any case. */
function findSource(
  sources: readonly SourceSystemStats[],
  name: string,
): SourceSystemStats | undefined {
  const exact = sources.find((source) => source.sourceSystem === name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  return sources.find((source) => source.sourceSystem.toLowerCase() === lower);
}
