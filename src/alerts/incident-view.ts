import { alertChartOf } from '../charts/alert-chart.js';
import type { AlertChart } from '../charts/chart.js';
import type { AlertRuleConfig } from '../config/config.js';
import { subjectLabel } from '../messages/alert-sections.js';
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

/**
 * The chart of an incident's root message: the failure rate of its first subject (firing ones
 * come first, the highest rate first) over its last evaluations, against the rule's threshold
 * and the subject's baseline, with the firing period shaded. A subject keeps one rate per
 * evaluation, oldest first, the last one taken at `evaluatedAt`, so the evaluations are placed
 * `intervalMs` apart back from it. Null when there is nothing to draw.
 */
export function incidentChart(
  view: IncidentView,
  intervalMs: number,
  timeZone: string,
): AlertChart | null {
  const subject = view.subjects[0];
  if (subject === undefined || subject.history.length === 0) return null;
  const last = subject.history.length - 1;
  return alertChartOf({
    title: `${view.rule} · ${subjectLabel(view, subject.subject)} · failure rate`,
    timeZone,
    points: subject.history.map((rate, i) => ({
      atMs: view.evaluatedAt - (last - i) * intervalMs,
      rate,
    })),
    threshold: view.thresholds.failureRate,
    baseline: subject.baselineRate,
    firingSinceMs: view.openedAt,
    firingUntilMs: view.resolvedAt,
  });
}
