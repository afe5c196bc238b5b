import { binomialUpperTail } from '../../alerts/binomial.js';
import { smoothedBaselineRate } from '../../alerts/subject-evaluation.js';
import type { AlertRuleConfig } from '../../config/config.js';
import { quantile, type RunTruth } from './eval-metrics.js';
import { sumOf } from './eval-streams.js';
import { type CountStream, MINUTE_MS } from './stream-replay.js';

/**
 * The earliest alarm any rule could raise on a disturbance at the rule's false-alert level: the
 * first evaluation after the onset at which the disturbance's own executions (from the onset
 * minute to that evaluation: the most favourable window a test could pick, holding no minute of
 * calm) make its failures significant against the baseline, P(X ≥ failed | executions, p0) ≤
 * the rule's significance. No rule that tests at that significance can be sure earlier, so the
 * engine's delay is measured against this, not against 0. The same floor with the rule's own
 * keys on top (at least `minFailures` failures, then `for` evaluations in a row) shows how much
 * of the delay the keys themselves cost.
 *
 * p0 is the baseline's smoothed rate as the engine computes it (smoothedBaselineRate) over the
 * baseline window of the evaluation at the onset: the one no minute of the disturbance has
 * reached yet (later baselines hold some of it, which would only raise p0). Ignored, also in the
 * disturbance's favour: the rate and factor conditions, the dispersion, the doubled p-value of
 * the engine's two tests and the sharing out of significance across sources.
 *
 * Pure: a function of the stream, the run's span and the rule's keys.
 */

export interface DelayFloor {
  /** Evaluations from the onset to the first at which the failures are significant; null if none in the span. */
  readonly significant: number | null;
  /** The same with at least `minFailures` failures, then `for` - 1 more evaluations; null if none in the span. */
  readonly withKeys: number | null;
}

type FloorRule = Pick<AlertRuleConfig, 'windowMs' | 'minFailures' | 'baseline' | 'for'>;

/** The floors of one run: `source` is the disturbed source's index in the stream. */
export function delayFloor(
  stream: CountStream,
  source: number,
  truth: RunTruth,
  rule: FloorRule,
): DelayFloor {
  if (rule.baseline === null) return { significant: null, withKeys: null };
  const minute = (t: number) => Math.floor((t - stream.start) / MINUTE_MS);
  const failed = stream.failed[source];
  const terminal = stream.terminal[source];
  const onsetMinute = minute(truth.onset);
  // The baseline window the engine reads at the evaluation at the onset (stream-replay.ts).
  const baselineTo = minute(truth.onset - rule.windowMs);
  const baselineFrom = minute(truth.onset - rule.windowMs - rule.baseline.windowMs);
  const p0 = smoothedBaselineRate({
    failed: sumOf(failed, baselineFrom, baselineTo),
    terminal: sumOf(terminal, baselineFrom, baselineTo),
  });
  const significance = rule.baseline.significance;
  const delay = (t: number) => Math.round((t - truth.onset) / truth.intervalMs);

  let significant: number | null = null;
  let withKeys: number | null = null;
  // Evaluations still to go (after the first that had the failures and the significance) for `for`.
  let pendingFor: number | null = null;
  let f = 0;
  let n = 0;
  let counted = onsetMinute;
  // The evaluation instants of the run after the onset, while an alarm still counts as catching it.
  const firstStep = Math.floor((truth.onset - truth.evalFrom) / truth.intervalMs) + 1;
  for (let t = truth.evalFrom + firstStep * truth.intervalMs; ; t += truth.intervalMs) {
    if (t > truth.evalTo || t >= truth.end + truth.graceMs) break;
    const upTo = minute(t);
    f += sumOf(failed, counted, upTo);
    n += sumOf(terminal, counted, upTo);
    counted = upTo;
    // As in stream-replay.ts: the stats API could not be read, so nothing was evaluated.
    if (stream.apiDown !== undefined && upTo >= 1 && stream.apiDown[upTo - 1] === 1) continue;
    const isSignificant = binomialUpperTail(f, n, p0) <= significance;
    if (isSignificant && significant === null) significant = delay(t);
    if (pendingFor === null && isSignificant && f >= rule.minFailures) pendingFor = rule.for - 1;
    else if (pendingFor !== null) pendingFor -= 1;
    if (pendingFor === 0) {
      withKeys = delay(t);
      break;
    }
  }
  return { significant, withKeys };
}

/** The floors of a case's real-spike runs, as the suite's table shows them. */
export interface FloorFigures {
  /** Real-spike runs the floors were computed on. */
  readonly runs: number;
  readonly significantMedian: number | null;
  readonly significantP90: number | null;
  /** Runs with no significant evaluation in the span (left out of the quantiles). */
  readonly significantMissing: number;
  readonly withKeysMedian: number | null;
  readonly withKeysP90: number | null;
  readonly withKeysMissing: number;
}

export function floorFigures(floors: readonly DelayFloor[]): FloorFigures {
  const sorted = (values: readonly (number | null)[]) =>
    values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const significant = sorted(floors.map((f) => f.significant));
  const withKeys = sorted(floors.map((f) => f.withKeys));
  return {
    runs: floors.length,
    significantMedian: quantile(significant, 0.5),
    significantP90: quantile(significant, 0.9),
    significantMissing: floors.length - significant.length,
    withKeysMedian: quantile(withKeys, 0.5),
    withKeysP90: quantile(withKeys, 0.9),
    withKeysMissing: floors.length - withKeys.length,
  };
}
