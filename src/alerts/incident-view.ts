import type { AlertRuleConfig } from '../config/config.js';
import type { IncidentState, IncidentView, RuleState } from '../messages/alert-view.js';
import type { Stats } from '../stats/types.js';
import { activeMute } from './acks-and-mutes.js';
import { failuresOf, groupReasons } from './observe.js';

/**
 * What the messages show of an incident, taken from the rule's state after an evaluation and the
 * window's stats (for the failed executions and their reasons).
 */
export function buildIncidentView(input: {
  readonly rule: AlertRuleConfig;
  readonly state: RuleState;
  readonly incident: IncidentState;
  readonly window: Stats | null;
  readonly now: number;
  readonly resolved: boolean;
  /** Failures to reuse when there are no fresh stats (a button press). */
  readonly previous?: IncidentView | null;
}): IncidentView {
  const { rule, state, incident, now } = input;
  const subjects = incident.subjects.flatMap((subject) => {
    const s = state.subjects[subject];
    if (s?.last == null) return [];
    return [{ ...s.last, firing: s.status === 'firing', history: s.history }];
  });
  subjects.sort((a, b) => Number(b.firing) - Number(a.firing) || b.rate - a.rate);
  const failures =
    input.window === null
      ? (input.previous?.failures ?? [])
      : failuresOf(rule, input.window, incident.subjects);
  const mutes = incident.subjects
    .map((subject) => activeMute(state, subject, now))
    .filter((m) => m !== null);
  const mute =
    mutes.length === incident.subjects.length && mutes.length > 0
      ? (mutes.sort((a, b) => a.until - b.until)[0] ?? null)
      : null;
  return {
    rule: rule.name,
    scope: rule.scope,
    sources: rule.sources,
    incidentId: incident.id,
    openedAt: incident.openedAt,
    windowMs: rule.windowMs,
    thresholds: {
      minFailures: rule.minFailures,
      failureRate: rule.failureRate,
      recoverRate: rule.recoverRate,
      baselineFactor: rule.baseline?.factor ?? null,
      baselineWindowMs: rule.baseline?.windowMs ?? null,
    },
    subjects,
    reasons: groupReasons(failures),
    failures,
    status: input.resolved ? 'resolved' : 'firing',
    resolvedAt: input.resolved ? now : null,
    acknowledgedBy: incident.acknowledgedBy,
    mute,
    evaluatedAt: now,
  };
}
