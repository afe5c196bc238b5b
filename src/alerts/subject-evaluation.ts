import type { AlertRuleConfig } from '../config/config.js';
import type { SubjectFigures, SubjectState } from '../messages/alert-view.js';
import { binomialUpperTail } from './binomial.js';
import type { Counts } from './types.js';

/**
 * One subject (the whole window, or one source system) in one evaluation of its rule: its figures
 * and whether they breach the rule (measure), then its state machine (stepSubject).
 */

/**
 * Whether one subject breaches its rule in one evaluation. All of these must hold:
 * - at least `minFailures` failed executions;
 * - rate = failed / terminal ≥ `failureRate`;
 * - with a baseline: rate ≥ `baselineFactor` × the baseline rate, AND the one-sided binomial test
 *   P(X ≥ failed | n = terminal, p = baseline rate) ≤ `significance`.
 *
 * The baseline rate is smoothed as (failed + 1) / (terminal + 2) (Laplace's rule of succession):
 * an empty or perfect baseline gives a small positive rate rather than 0, so the factor test is
 * not trivially passed by a single failure and the binomial test stays defined; with thousands of
 * executions the smoothing changes the rate by a negligible amount.
 */

export function failureRate(counts: Counts): number {
  return counts.terminal > 0 ? counts.failed / counts.terminal : 0;
}

export function smoothedBaselineRate(counts: Counts): number {
  return (counts.failed + 1) / (counts.terminal + 2);
}

export function measure(
  rule: Pick<AlertRuleConfig, 'minFailures' | 'failureRate' | 'baseline'>,
  subject: string,
  counts: Counts,
  baseline: Counts | null,
): SubjectFigures {
  const rate = failureRate(counts);
  const enough = counts.failed >= rule.minFailures && rate >= rule.failureRate;
  if (rule.baseline === null || baseline === null) {
    return { subject, ...counts, rate, baselineRate: null, pValue: null, breaching: enough };
  }
  const baselineRate = smoothedBaselineRate(baseline);
  const pValue = binomialUpperTail(counts.failed, counts.terminal, baselineRate);
  const breaching =
    enough && rate >= rule.baseline.factor * baselineRate && pValue <= rule.baseline.significance;
  return { subject, ...counts, rate, baselineRate, pValue, breaching };
}

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
