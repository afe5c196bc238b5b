import { activeMute } from './mutes.js';
import type { IncidentView, Mute, RuleState } from './types.js';
import { OVERALL } from './types.js';

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
