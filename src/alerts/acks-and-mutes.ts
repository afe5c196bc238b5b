import type { AlertButtonRefusal } from '../messages/alert-actions.js';
import { type IncidentView, type Mute, OVERALL, type RuleState } from '../messages/alert-view.js';

/**
 * What people do to an alert (buttons, `/exec-stats mute`), as pure changes of its rule's state:
 * acknowledge, mute, unmute; the mutes in force at an instant; and the marks the root message shows
 * for them ("Acknowledged by", "Muted until"). Each change returns the new state and whether
 * anything changed, so a double click changes nothing the second time.
 */

export interface ActionResult {
  readonly state: RuleState;
  readonly changed: boolean;
}

/**
 * Whether a button press may act: it must name an incident this bot posted (its root message is
 * stored) and come from that message's channel. A payload is signed by Slack, but its value and
 * channel are only what the sender wrote, so a forged one could otherwise mute a rule through an
 * incident it never had, or store a row for a rule that does not exist. `ruleKnown`: the rule
 * has state, to tell an unknown rule from an unknown incident in the reply.
 */
export function checkAlertButton(
  root: { readonly channel: string } | null,
  ruleKnown: boolean,
  pressedInChannel: string | undefined,
): AlertButtonRefusal | null {
  if (root === null) return ruleKnown ? 'unknown-incident' : 'unknown-rule';
  if (pressedInChannel !== root.channel) return 'other-channel';
  return null;
}

/** Acknowledges the open incident `incidentId`: no more reminders, recovery is still reported. */
export function acknowledge(state: RuleState, incidentId: string, userId: string): ActionResult {
  const incident = state.incident;
  if (incident === null || incident.id !== incidentId || incident.acknowledgedBy !== null) {
    return { state, changed: false };
  }
  return { state: { ...state, incident: { ...incident, acknowledgedBy: userId } }, changed: true };
}

/**
 * Mutes `subjects` (OVERALL: the whole rule) until `until`. A mute never shortens a longer one
 * already running, so "Mute 1h" pressed after "Mute 24h" does not cut the quiet time short.
 */
export function mute(
  state: RuleState,
  subjects: readonly string[],
  until: number,
  userId: string,
  now: number,
): ActionResult {
  const mutes = { ...liveMutes(state.mutes, now) };
  let changed = false;
  for (const subject of subjects) {
    const current = mutes[subject];
    if (current !== undefined && current.until >= until) continue;
    mutes[subject] = { until, by: userId };
    changed = true;
  }
  return { state: changed ? { ...state, mutes } : state, changed };
}

/** Removes the mute of `subject` (OVERALL: every mute of the rule). */
export function unmute(state: RuleState, subject: string, now: number): ActionResult {
  const mutes = liveMutes(state.mutes, now);
  const kept =
    subject === OVERALL
      ? {}
      : Object.fromEntries(Object.entries(mutes).filter(([name]) => name !== subject));
  const changed = Object.keys(kept).length !== Object.keys(mutes).length;
  return { state: { ...state, mutes: kept }, changed };
}

/** The subjects a Mute button on the incident silences: all of them, or the whole overall rule. */
export function incidentSubjects(state: RuleState): string[] {
  return state.incident === null ? [OVERALL] : [...state.incident.subjects];
}

/** The mute covering `subject` at `now` (its own, or the whole rule's), the later-ending one first. */
export function activeMute(state: RuleState, subject: string, now: number): Mute | null {
  const candidates = [state.mutes[OVERALL], state.mutes[subject]].filter(
    (m): m is Mute => m !== undefined && m.until > now,
  );
  return candidates.sort((a, b) => b.until - a.until)[0] ?? null;
}

/** The mutes still running at `now`; ended ones are forgotten. */
export function liveMutes(mutes: RuleState['mutes'], now: number): Record<string, Mute> {
  return Object.fromEntries(Object.entries(mutes).filter(([, mute]) => mute.until > now));
}

/**
 * Who acknowledged or muted, as the root message shows it, from the rule's state now: used to
 * redraw the root right after a button press or `/exec-stats mute`, without new stats.
 */
export function withMarks(view: IncidentView, state: RuleState, now: number): IncidentView {
  const incident = state.incident?.id === view.incidentId ? state.incident : null;
  const subjects = view.subjects.length > 0 ? view.subjects.map((s) => s.subject) : [OVERALL];
  const mutes = subjects.map((s) => activeMute(state, s, now));
  const mute = mutes.every((m): m is Mute => m !== null)
    ? (mutes.sort((a, b) => a.until - b.until)[0] ?? null)
    : null;
  return {
    ...view,
    acknowledgedBy: incident?.acknowledgedBy ?? view.acknowledgedBy,
    mute: view.status === 'resolved' ? null : mute,
  };
}
