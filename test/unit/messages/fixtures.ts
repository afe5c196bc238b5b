import type { SlackMessage } from '../../../src/messages/message.js';
import { buildStatsMessage, type StatsMessageInput } from '../../../src/messages/stats-message.js';
import type {
  FailedExecution,
  SourceSystemStats,
  Stats,
  StatsSummary,
  TimeBucket,
  Timestamp,
} from '../../../src/stats/types.js';
import type { TimeWindow } from '../../../src/time/window.js';

/** Small builders of typed Stats for message tests; every field can be overridden. */

export const NOW = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3_600_000;

export function timestamp(value: string | number): Timestamp {
  if (typeof value === 'number') return { raw: new Date(value).toISOString(), ms: value };
  const ms = Date.parse(value);
  return { raw: value, ms: Number.isNaN(ms) ? null : ms };
}

export function summary(overrides: Partial<StatsSummary> = {}): StatsSummary {
  const base = { succeeded: 900, failed: 60, cancelled: 40, inProgress: 20 };
  const merged = { ...base, ...overrides };
  const terminal = overrides.terminal ?? merged.succeeded + merged.failed + merged.cancelled;
  return {
    total: overrides.total ?? terminal + merged.inProgress,
    terminal,
    averageDurationMs: 83_000,
    ...merged,
  };
}

export function source(
  sourceSystem: string,
  counts: Partial<Omit<SourceSystemStats, 'sourceSystem'>> = {},
): SourceSystemStats {
  const succeeded = counts.succeeded ?? 100;
  const failed = counts.failed ?? 0;
  const cancelled = counts.cancelled ?? 0;
  return {
    sourceSystem,
    succeeded,
    failed,
    cancelled,
    total: counts.total ?? succeeded + failed + cancelled,
  };
}

export function failure(
  executionId: string,
  overrides: Partial<FailedExecution> = {},
): FailedExecution {
  return {
    executionId,
    runId: `run-${executionId}`,
    workflowId: 'nightly-sync',
    sourceSystem: 'billing',
    status: 'workflow_failed',
    statusReason: 'Timeout after 30s',
    createdAt: timestamp(NOW - 20 * 60_000),
    finishedAt: timestamp(NOW - 5 * 60_000),
    ...overrides,
  };
}

/** `count` hourly buckets ending at NOW; `failedAt(i)` and `totalAt(i)` give the counts. */
export function hourlyBuckets(
  count: number,
  failedAt: (i: number) => number = (i) => i % 3,
  totalAt: (i: number) => number = () => 40,
): TimeBucket[] {
  return Array.from({ length: count }, (_, i) => {
    const failed = failedAt(i);
    const total = totalAt(i);
    return {
      bucketStart: timestamp(NOW - (count - i) * HOUR),
      total,
      succeeded: total - failed,
      failed,
      cancelled: 0,
    };
  });
}

export function stats(overrides: Partial<Stats> = {}): Stats {
  return {
    requestId: 'abc-123',
    granularity: 'hourly',
    summary: summary(),
    statuses: [],
    sourceSystems: [
      source('billing', { succeeded: 400, failed: 40, cancelled: 10 }),
      source('shipping', { succeeded: 300, failed: 20, cancelled: 30 }),
      source('search', { succeeded: 200 }),
    ],
    timeSeries: hourlyBuckets(24),
    recentFailures: [failure('exec-1'), failure('exec-2', { sourceSystem: 'shipping' })],
    ...overrides,
  };
}

export function window(overrides: Partial<TimeWindow> = {}): TimeWindow {
  return {
    from: NOW - 24 * HOUR,
    to: NOW,
    label: 'last 24 hours',
    spec: '24h',
    timeZone: 'Europe/Berlin',
    cutAtNow: false,
    ...overrides,
  };
}

/** Every text in a message: fallback, block texts, button labels and values. */
export function allTexts(message: { text: string; blocks: readonly unknown[] }): string[] {
  const texts: string[] = [message.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && (key === 'text' || key === 'value')) texts.push(value);
        else visit(value);
      }
    }
  };
  visit(message.blocks);
  return texts;
}

export const TEMPLATE = 'https://app.example.com/executions/{executionId}';

/** The stats message for the default fixtures, with any input overridden. */
export function build(overrides: Partial<StatsMessageInput> = {}): SlackMessage {
  return buildStatsMessage({
    stats: stats(),
    window: window(),
    granularity: 'hourly',
    source: null,
    now: NOW,
    executionUrlTemplate: TEMPLATE,
    refreshValue: 'refresh:24h',
    ...overrides,
  });
}
