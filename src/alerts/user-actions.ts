import { liveMutes } from './mutes.js';
import { OVERALL, type RuleState } from './types.js';

/**
 * What people do to a rule (buttons, `/exec-stats mute`), as pure changes of its state. Each returns
 * the new state and whether anything changed, so a double click changes nothing the second time.
 */

export interface ActionResult {
  readonly state: RuleState;
  readonly changed: boolean;
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
