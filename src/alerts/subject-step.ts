import type { AlertRuleConfig } from '../config/config.js';
import type { SubjectFigures, SubjectState } from './types.js';

/** How many past rates a subject keeps for its trend line. */
export const HISTORY_LENGTH = 24;

export const FRESH_SUBJECT: SubjectState = {
  status: 'ok',
  breaches: 0,
  calm: 0,
  firingSince: null,
  last: null,
  lastEvaluatedAt: null,
  history: [],
};

export interface SubjectStep {
  readonly state: SubjectState;
  /** It started firing in this evaluation. */
  readonly fired: boolean;
  /** It stopped firing in this evaluation. */
  readonly recovered: boolean;
}

/**
 * One subject's state machine, with hysteresis on both edges:
 * ok/pending → firing after `for` consecutive breaching evaluations (a non-breaching one resets
 * the count); firing → ok after `for` consecutive evaluations with the rate below `recoverRate`
 * (one at or above it resets the count). Between `recoverRate` and `failureRate` a firing subject
 * keeps firing and an ok one stays ok, so a rate hovering around the threshold cannot flap.
 */
export function stepSubject(
  previous: SubjectState | undefined,
  figures: SubjectFigures,
  rule: Pick<AlertRuleConfig, 'for' | 'recoverRate'>,
  now: number,
): SubjectStep {
  const prev = previous ?? FRESH_SUBJECT;
  const base = {
    last: figures,
    lastEvaluatedAt: now,
    history: [...prev.history, figures.rate].slice(-HISTORY_LENGTH),
  };
  if (prev.status === 'firing') {
    const calm = figures.rate < rule.recoverRate ? prev.calm + 1 : 0;
    if (calm >= rule.for) {
      return {
        state: { ...base, status: 'ok', breaches: 0, calm: 0, firingSince: null },
        fired: false,
        recovered: true,
      };
    }
    return { state: { ...prev, ...base, calm, breaches: 0 }, fired: false, recovered: false };
  }
  const breaches = figures.breaching ? prev.breaches + 1 : 0;
  if (breaches >= rule.for) {
    return {
      state: { ...base, status: 'firing', breaches: 0, calm: 0, firingSince: now },
      fired: true,
      recovered: false,
    };
  }
  const status = breaches > 0 ? 'pending' : 'ok';
  return {
    state: { ...base, status, breaches, calm: 0, firingSince: null },
    fired: false,
    recovered: false,
  };
}
