import type { RuleSpec } from '../../../src/alerts/rules/rule-store.js';
import { createSerial } from '../../../src/alerts/serial.js';
import type { Clock } from '../../../src/clock.js';
import type { AlertRuleConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/logging/logger.js';
import type { FailedExecution, Stats } from '../../../src/stats/types.js';

/** A rule as the config would give it: the issue's `window: 15m, minFailures: 5, failureRate: 0.2, recoverRate: 0.1`. */
export function rule(overrides: Partial<AlertRuleConfig> = {}): AlertRuleConfig {
  return {
    name: 'spike',
    scope: 'overall',
    sources: null,
    windowMs: 15 * 60_000,
    minFailures: 5,
    failureRate: 0.2,
    baseline: null,
    for: 1,
    recoverRate: 0.1,
    renotifyMs: 3_600_000,
    channel: 'CALERTS',
    ...overrides,
  };
}

export function failure(id: string, overrides: Partial<FailedExecution> = {}): FailedExecution {
  return {
    executionId: id,
    runId: `run-${id}`,
    workflowId: 'nightly-invoice',
    sourceSystem: 'billing',
    status: 'workflow_failed',
    statusReason: 'payment provider timed out',
    createdAt: null,
    finishedAt: { raw: '2026-11-02T09:00:00.000Z', ms: Date.parse('2026-11-02T09:00:00.000Z') },
    ...overrides,
  };
}

/**
 * Stats of a window: per source system `[failed, terminal]` (all terminal non-failed executions
 * succeeded); `failures` listed as recentFailures (default: one per failed execution of each source).
 */
export function stats(
  sources: Readonly<Record<string, readonly [number, number]>>,
  failures?: readonly FailedExecution[],
): Stats {
  const entries = Object.entries(sources);
  const failed = entries.reduce((n, [, [f]]) => n + f, 0);
  const terminal = entries.reduce((n, [, [, t]]) => n + t, 0);
  const recent =
    failures ??
    entries.flatMap(([source, [f]]) =>
      Array.from({ length: f }, (_, i) => failure(`${source}-${i + 1}`, { sourceSystem: source })),
    );
  return {
    requestId: 'req-1',
    granularity: 'hourly',
    summary: {
      total: terminal,
      succeeded: terminal - failed,
      failed,
      cancelled: 0,
      inProgress: 0,
      terminal,
      averageDurationMs: 1000,
    },
    statuses: [],
    sourceSystems: entries.map(([sourceSystem, [f, t]]) => ({
      sourceSystem,
      total: t,
      succeeded: t - f,
      failed: f,
      cancelled: 0,
    })),
    timeSeries: [],
    recentFailures: recent,
  };
}

/** One source system `billing`: failed of terminal. */
export function billing(failed: number, terminal: number): Stats {
  return stats({ billing: [failed, terminal] });
}

/** The part of an alert cycle's dependencies every test sets the same way. */
export function plainDeps(clock: Clock) {
  return {
    serial: createSerial(),
    clock,
    logger: silentLogger,
    executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
    timezone: 'UTC',
  };
}

/** A rule as the rule form stores it (its spec), overall over all sources. */
export function ruleSpec(overrides: Partial<RuleSpec> = {}): RuleSpec {
  return {
    name: 'billing-spike',
    scope: 'overall',
    sources: null,
    window: '15m',
    failureRate: 0.2,
    minFailures: 5,
    for: 1,
    recoverRate: null,
    channel: 'C0ALERTS01',
    ...overrides,
  };
}
