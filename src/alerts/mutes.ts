import type { Mute, RuleState } from './types.js';
import { OVERALL } from './types.js';

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
