import type { WireStatsBody } from '../test/support/stats-body.js';

/**
 * A large but plausible 200 body of the stats API: `sources` source systems (a third of them
 * failing), 2,160 hourly buckets (90 days; fewer on request) and 1,000 recent failures, in the order a provider
 * might send them (failures oldest first, so the bot has to sort). Deterministic.
 */

export const BUCKETS = 2_160;
export const FAILURES = 1_000;
const HOUR = 3_600_000;

export function bigStatsBody(sources: number, to: number, buckets = BUCKETS): WireStatsBody {
  const from = to - buckets * HOUR;
  const sourceSystems = Array.from({ length: sources }, (_, i) => {
    const total = 200 + ((i * 7919) % 5000);
    const failed = i % 3 === 0 ? (i * 31) % 97 : 0;
    const cancelled = i % 5;
    return {
      sourceSystem: `source-${i}`,
      total,
      succeeded: total - failed - cancelled,
      failed,
      cancelled,
    };
  });
  const timeSeries = Array.from({ length: buckets }, (_, i) => ({
    bucketStart: new Date(from + i * HOUR).toISOString(),
    total: 1_000 + (i % 24) * 40,
    succeeded: 950 + (i % 24) * 38,
    failed: 40 + ((i * 13) % 17),
    cancelled: 10,
  }));
  const recentFailures = Array.from({ length: FAILURES }, (_, i) => ({
    executionId: `exec-${i.toString(16).padStart(8, '0')}`,
    runId: `run-${i}`,
    workflowId: `workflow-${i % 40}`,
    sourceSystem: `source-${(i * 3) % Math.max(1, sources)}`,
    status: 'workflow_failed',
    statusReason: `step ${i % 9} failed: upstream answered 502 <Bad Gateway> & gave up after 3 retries`,
    createdAt: new Date(to - (FAILURES - i) * 60_000 - 30_000).toISOString(),
    finishedAt: new Date(to - (FAILURES - i) * 60_000).toISOString(),
  }));
  const summary = { total: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const source of sourceSystems) {
    summary.total += source.total;
    summary.succeeded += source.succeeded;
    summary.failed += source.failed;
    summary.cancelled += source.cancelled;
  }
  const terminal = summary.succeeded + summary.failed + summary.cancelled;
  return {
    code: 200,
    message: 'success',
    requestId: 'bench-big-response',
    data: {
      granularity: 'hourly',
      summary: {
        ...summary,
        inProgress: summary.total - terminal,
        terminal,
        successRate: 97.5,
        averageDurationMs: 83_000,
      },
      statuses: [
        { status: 'workflow_succeeded', count: summary.succeeded },
        { status: 'workflow_failed', count: summary.failed },
        { status: 'workflow_cancelled', count: summary.cancelled },
      ],
      sourceSystems,
      timeSeries,
      recentFailures,
    },
  };
}
