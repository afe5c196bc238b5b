import type { AlertRuleConfig } from '../config/config.js';
import { binomialUpperTail } from './binomial.js';
import type { Counts, SubjectFigures } from './types.js';

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
