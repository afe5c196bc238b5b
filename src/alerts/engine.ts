import type { AlertRuleConfig } from '../config/config.js';
import type {
  IncidentState,
  IncidentView,
  RuleState,
  SubjectState,
} from '../messages/alert-view.js';
import type { Stats } from '../stats/types.js';
import { activeMute, liveMutes } from './acks-and-mutes.js';
import { hourlyDispersionBySubject } from './hourly-dispersion.js';
import { buildIncidentView } from './incident-view.js';
import { type Observation, observe } from './observe.js';
import {
  type Assessment,
  assess,
  decide,
  FRESH_SUBJECT,
  learn,
  learningDue,
  REFERENCE_TIME_CONSTANT_MS,
  significanceCutoff,
  stepSubject,
} from './subject-evaluation.js';
import type { AlertNotification, Counts, EngineSubjectState } from './types.js';

export interface EvaluationInput {
  readonly rule: AlertRuleConfig;
  /** The stats of the rule's window, ending now. */
  readonly window: Stats;
  /** The stats of the baseline window before it; null when the rule has no baseline. */
  readonly baseline: Stats | null;
  readonly previous: RuleState;
  readonly now: number;
  /**
   * The stats of each of the last whole hours, oldest first (window-fetcher.ts), from which the
   * dispersion of each subject's failures is known at once (hourly-dispersion.ts); absent or null:
   * the subject relies on what it has learnt alone.
   */
  readonly hours?: readonly Stats[] | null;
}

export interface EvaluationResult {
  readonly state: RuleState;
  readonly notifications: AlertNotification[];
}

/** The notification keys of an incident; stable, so a post can be recorded before it is made. */
export function incidentKey(rule: string, incidentId: string, part: string): string {
  return `alert:${rule}:${incidentId}:${part}`;
}

/**
 * One evaluation of one rule: a pure function from the window's stats and the previous state to
 * the new state and the notifications to send. Subjects (the whole window, or each source system)
 * move through ok → pending → firing → ok (see subject-evaluation.ts). One incident per rule is open at
 * a time; every subject that fires while it is open joins it, so several source systems breaching
 * together share one message and one thread. Muted subjects are evaluated but not announced;
 * an acknowledged incident gets no reminders but still recovers.
 */
export function evaluateRule(input: EvaluationInput): EvaluationResult {
  const { rule, previous, now } = input;
  const observed = observe(rule, input.window);
  const baseline = input.baseline === null ? null : observe(rule, input.baseline);
  const state0: RuleState = { ...previous, mutes: liveMutes(previous.mutes, now) };

  const counts = countsBySubject(observed);
  const baselineCounts = baseline === null ? null : countsBySubject(baseline);
  const none: Counts = { failed: 0, terminal: 0 };
  const previousSubjects = previous.subjects as Readonly<Record<string, EngineSubjectState>>;
  const hourly = rule.baseline === null ? null : hourlyEstimates(rule, input.hours ?? null);
  const assessed: Assessment[] = subjectsToEvaluate(observed, previous).map((subject) =>
    assess(
      rule,
      subject,
      counts.get(subject) ?? none,
      baselineCounts === null ? null : (baselineCounts.get(subject) ?? none),
      previousSubjects[subject],
      now,
      hourly?.get(subject) ?? null,
    ),
  );
  // The significance is shared out across the rule's subjects that had failures in the window
  // (Benjamini–Hochberg); one that cannot breach whatever its p-value counts as 1.
  const cutoff =
    rule.baseline === null
      ? null
      : significanceCutoff(
          assessed
            .filter((a) => a.counts.failed > 0)
            .map((a) => (a.short || a.long ? (a.pValue ?? 1) : 1)),
          rule.baseline.significance,
        );

  const subjects: Record<string, SubjectState> = {};
  const assessedNames = new Set(assessed.map((a) => a.subject));
  const fired: string[] = [];
  for (const a of assessed) {
    const subject = a.subject;
    const figures = decide(a, cutoff);
    const step = stepSubject(
      previousSubjects[subject],
      figures,
      rule,
      now,
      a.calmEvidence,
      a.stretchP,
    );
    // A quiet subject that had nothing in the window keeps only what it has learnt (see
    // learntOnly), so per-source state stays small and a night without traffic does not send the
    // subject back to knowing nothing.
    if (step.state.status === 'ok' && figures.terminal === 0 && !inIncident(previous, subject)) {
      const kept = learntOnly(step.state, now);
      if (kept !== null) subjects[subject] = kept;
      continue;
    }
    const quiet = step.state.status !== 'firing' && !inIncident(previous, subject);
    const before = previousSubjects[subject];
    // A per-source rule's calm sources (thousands of them) are refreshed once a step, not every
    // evaluation, and keep no trend: their stored state then changes in few evaluations, and the
    // stores write only the rows that changed (issue 11). Their figures are up to a step old.
    const settled = rule.scope === 'per-source' && calm(step.state) && quiet;
    if (
      settled &&
      before !== undefined &&
      calm(before) &&
      before.lastEvaluatedAt !== null &&
      !learningDue(subject, rule.windowMs, before.lastEvaluatedAt, now)
    ) {
      subjects[subject] = before;
      continue;
    }
    subjects[subject] = learn(
      settled ? { ...step.state, history: [] } : step.state,
      a.counts,
      baselineCounts === null ? null : (baselineCounts.get(subject) ?? none),
      rule,
      quiet,
      now,
      subject,
    );
    if (step.fired) fired.push(subject);
  }
  // Subjects not evaluated (quiet, and absent from the window) keep what they have learnt.
  for (const subject in previousSubjects) {
    if (assessedNames.has(subject)) continue;
    const kept = learntOnly(previousSubjects[subject] as EngineSubjectState, now);
    if (kept !== null) subjects[subject] = kept;
  }
  const state: RuleState = { ...state0, subjects };
  return advanceIncident({ ...input, state, fired });
}

/**
 * What a quiet subject with no executions in its window keeps: its slow baseline average and the
 * dispersion of its failures, for as long as the average remembers (a week since it last learnt);
 * null when it has learnt nothing worth keeping. Forgetting them at every empty window sent a
 * low-volume subject back to "independent failures" each night (clustered week: false alerts
 * with the dispersion back at 1 after 167 hours).
 */
function learntOnly(s: EngineSubjectState, now: number): EngineSubjectState | null {
  const reference = s.reference ?? null;
  const dispersion = s.dispersion ?? null;
  if (reference === null && dispersion === null) return null;
  if (reference !== null && now - reference.at >= REFERENCE_TIME_CONSTANT_MS) return null;
  if (s.windows === undefined && s.residuals === undefined && s.history.length === 0) return s;
  return { ...FRESH_SUBJECT, reference, dispersion };
}

/** Nothing is going on with the subject: ok, and not counting breaches towards `for`. */
function calm(s: SubjectState): boolean {
  return s.status === 'ok' && s.breaches === 0;
}

/**
 * The hours change once an hour but are evaluated every cycle: the estimates are kept per hours
 * array and rule (both immutable), so a cycle that passes the same array computes nothing.
 */
const estimatesByHours = new WeakMap<
  readonly Stats[],
  WeakMap<AlertRuleConfig, Map<string, number>>
>();

function hourlyEstimates(
  rule: AlertRuleConfig,
  hours: readonly Stats[] | null,
): Map<string, number> | null {
  if (hours === null || hours.length === 0) return null;
  let byRule = estimatesByHours.get(hours);
  if (byRule === undefined) {
    byRule = new WeakMap();
    estimatesByHours.set(hours, byRule);
  }
  let estimates = byRule.get(rule);
  if (estimates === undefined) {
    estimates = hourlyDispersionBySubject(rule, hours);
    byRule.set(rule, estimates);
  }
  return estimates;
}

function countsBySubject(observations: readonly Observation[]): Map<string, Counts> {
  return new Map(observations.map((o) => [o.subject, o.counts]));
}

/** Subjects seen in the window, and those the state still watches (pending or firing). */
function subjectsToEvaluate(observed: readonly Observation[], previous: RuleState): string[] {
  const names = new Set(observed.map((o) => o.subject));
  for (const [name, s] of Object.entries(previous.subjects)) {
    if (s.status !== 'ok' || inIncident(previous, name)) names.add(name);
  }
  return [...names].sort();
}

function inIncident(state: RuleState, subject: string): boolean {
  return state.incident?.subjects.includes(subject) ?? false;
}

function advanceIncident(
  input: EvaluationInput & { readonly state: RuleState; readonly fired: readonly string[] },
): EvaluationResult {
  const { rule, previous, state, fired, now } = input;
  const existing = previous.incident;
  if (existing === null && fired.length === 0) return { state, notifications: [] };

  const recent = previous.recent ?? null;
  const reopening =
    existing === null && recent !== null && now - recent.resolvedAt < rule.renotifyMs;
  let incident: IncidentState =
    existing ??
    (reopening && recent !== null
      ? { ...recent.incident, acknowledgedBy: null }
      : {
          id: now.toString(36),
          openedAt: now,
          subjects: [],
          announced: false,
          lastNotifiedAt: now,
          acknowledgedBy: null,
        });
  const added = fired.filter((s) => !incident.subjects.includes(s));
  incident = { ...incident, subjects: [...incident.subjects, ...added] };
  const key = (part: string) => incidentKey(rule.name, incident.id, part);
  const channel = rule.channel;
  const firing = incident.subjects.filter((s) => state.subjects[s]?.status === 'firing');
  const view = (resolved: boolean, at: IncidentState): IncidentView =>
    buildIncidentView({ rule, state, incident: at, window: input.window, now, resolved });

  if (firing.length === 0) {
    const notifications: AlertNotification[] = incident.announced
      ? [{ kind: 'resolved', key: key(`resolved:${now}`), channel, view: view(true, incident) }]
      : [];
    const kept = incident.announced ? { incident, resolvedAt: now } : null;
    return { state: { ...state, incident: null, recent: kept }, notifications };
  }

  const next: RuleState = { ...state, recent: reopening ? null : recent };
  const loud = firing.filter((s) => activeMute(state, s, now) === null);
  const notifications: AlertNotification[] = [];
  if (!incident.announced) {
    if (loud.length > 0) {
      incident = { ...incident, announced: true, lastNotifiedAt: now };
      notifications.push({ kind: 'open', key: key('root'), channel, view: view(false, incident) });
    }
    return { state: { ...next, incident }, notifications };
  }

  const joined = fired.filter((s) => loud.includes(s));
  const due = now - incident.lastNotifiedAt >= rule.renotifyMs;
  if (joined.length > 0) {
    incident = { ...incident, lastNotifiedAt: now };
    const kind = existing === null ? 'reopened' : 'joined';
    const part = `${kind}:${now}`;
    notifications.push({
      kind,
      key: key(part),
      channel,
      view: view(false, incident),
      subjects: joined,
    });
  } else if (due && loud.length > 0 && incident.acknowledgedBy === null) {
    incident = { ...incident, lastNotifiedAt: now };
    const part = `renotify:${now}`;
    notifications.push({
      kind: 'renotify',
      key: key(part),
      channel,
      view: view(false, incident),
      subjects: loud,
    });
  }
  if (reopening || figuresChanged(previous, state, incident.subjects)) {
    const update = {
      kind: 'update' as const,
      key: key(`update:${now}`),
      channel,
      view: view(false, incident),
    };
    notifications.unshift(update);
  }
  return { state: { ...next, incident }, notifications };
}

/** Whether the root would show other figures than after the previous evaluation. */
function figuresChanged(
  previous: RuleState,
  state: RuleState,
  subjects: readonly string[],
): boolean {
  return subjects.some((s) => {
    const before = previous.subjects[s];
    const after = state.subjects[s];
    return (
      before?.status !== after?.status ||
      before?.last?.failed !== after?.last?.failed ||
      before?.last?.terminal !== after?.last?.terminal ||
      before?.last?.baselineRate !== after?.last?.baselineRate
    );
  });
}
