import type { AlertRuleConfig } from '../config/config.js';
import { type AlertFailure, OVERALL } from '../messages/alert-view.js';
import type { FailedExecution, Stats } from '../stats/types.js';
import type { Counts } from './types.js';

/**
 * What a rule sees of one window's stats. The API has no per-source queries, so a per-source rule
 * reads the window's `sourceSystems` counts and its `recentFailures` filtered by source system;
 * an overall rule with `sources` adds up those sources. Rates are always failed / terminal,
 * never the API's `successRate`.
 */

export interface Observation {
  readonly subject: string;
  readonly counts: Counts;
}

/** Whether a source system is one the rule watches (names compared without case). */
export function watches(rule: Pick<AlertRuleConfig, 'sources'>, source: string | null): boolean {
  if (rule.sources === null) return true;
  if (source === null) return false;
  const lower = source.toLowerCase();
  return rule.sources.some((name) => name.toLowerCase() === lower);
}

/** The subjects of a rule in one window, with their counts. */
export function observe(rule: AlertRuleConfig, stats: Stats): Observation[] {
  const sources = stats.sourceSystems.filter((s) => watches(rule, s.sourceSystem));
  if (rule.scope === 'per-source') {
    return sources.map((s) => ({
      subject: s.sourceSystem,
      counts: { failed: s.failed, terminal: s.succeeded + s.failed + s.cancelled },
    }));
  }
  if (rule.sources === null) {
    const { succeeded, failed, cancelled } = stats.summary;
    return [{ subject: OVERALL, counts: { failed, terminal: succeeded + failed + cancelled } }];
  }
  const counts = sources.reduce(
    (sum, s) => ({
      failed: sum.failed + s.failed,
      terminal: sum.terminal + s.succeeded + s.failed + s.cancelled,
    }),
    { failed: 0, terminal: 0 },
  );
  return [{ subject: OVERALL, counts }];
}

/** Counts of one subject in a window's observations; zero when it had no executions there. */
export function countsOf(observations: readonly Observation[], subject: string): Counts {
  return observations.find((o) => o.subject === subject)?.counts ?? { failed: 0, terminal: 0 };
}

/** The window's failures that belong to any of `subjects` of the rule, newest first. */
export function failuresOf(
  rule: AlertRuleConfig,
  stats: Stats,
  subjects: readonly string[],
): AlertFailure[] {
  const lower = new Set(subjects.map((s) => s.toLowerCase()));
  return stats.recentFailures
    .filter((f) =>
      rule.scope === 'overall'
        ? watches(rule, f.sourceSystem)
        : f.sourceSystem !== null && lower.has(f.sourceSystem.toLowerCase()),
    )
    .map(compactFailure);
}

function compactFailure(f: FailedExecution): AlertFailure {
  return {
    executionId: f.executionId,
    runId: f.runId,
    workflowId: f.workflowId,
    sourceSystem: f.sourceSystem,
    statusReason: f.statusReason,
    at: f.finishedAt?.ms ?? f.createdAt?.ms ?? null,
  };
}

/** statusReason counts of `failures`, most common first (ties by reason); blank reasons grouped. */
export function groupReasons(
  failures: readonly AlertFailure[],
): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of failures) {
    const reason = f.statusReason?.trim() || 'no reason given';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}
