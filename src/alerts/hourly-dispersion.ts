import type { AlertRuleConfig } from '../config/config.js';
import type { Stats } from '../stats/types.js';
import { observe } from './observe.js';
import type { Counts } from './types.js';

/**
 * The dispersion φ of a subject's failures, known at once from the counts of its last whole hours
 * (what the stats API gives for any past window), rather than learnt over hours of its own quiet
 * windows: a bot that starts, or a rule that is new, otherwise treats clustered failures (one bad
 * input retried a few times) as independent and alerts on their bursts.
 *
 * Measured on adjacent hours, not against the subject's rate over all the hours: of two adjacent hours with K
 * failures between them, hour a's share is Binomial(K, w) when failures are independent (w: a's
 * share of the two hours' executions), so (f_a − K·w)² / (K·w·(1 − w)) has mean 1 at any volume
 * and any rate, and φ when failures come in clusters (the variance of a cluster count, in units
 * of its mean). Only the two hours' own level enters it: the daily mix of sources of an overall
 * rule, a slow ramp, or a 12-hour incident (but its two edges) do not look like clustering, as
 * they would against one rate for the whole day.
 *
 * Robust against an incident: a rough scale from the pairs without the largest TRIMMED_SHARE
 * (a 30-minute spike touches two or three pairs of 47), then the mean of every pair within
 * OUTLIER_CUTOFF of that scale, corrected for the cut as for a χ²(1) (the pairs' distribution
 * when K is not tiny): all of an ordinary day's pairs, none of an incident's edges.
 *
 * Noisy: for independent failures at billing's volume, 48 hours give 0.65–1.3 (10th to 90th
 * percentile, the suite's streams; 24 hours gave 0.57–1.5), so only an estimate clearly above 1
 * is believed (believedDispersion). Measured by
 * `exec-stats replay --eval` (clustered family; docs/alert-evaluation.md).
 */

/** Two adjacent hours with fewer failures between them than this say too little to count. */
export const MIN_PAIR_FAILURES = 2;
/** Fewer usable pairs than this: no estimate (the subject's own windows will have to do). */
export const MIN_PAIRS = 8;
/** The share of the largest pair residuals left out… */
export const TRIMMED_SHARE = 0.125;
/** …and at least this many: a 30-minute spike across the turn of an hour touches three pairs. */
export const MIN_TRIMMED = 3;

/**
 * A pair more than this many times the rough scale is an outlier (an incident's edge): for
 * independent pairs P(χ²(1) > 8) = 0.5%, so almost nothing of an ordinary day is cut.
 */
export const OUTLIER_CUTOFF = 8;

/** How rarely independent failures may pass for clustered ones (see believedDispersion). */
export const CLUSTERING_EVIDENCE = 0.005;

/** The largest estimate returned (one pathological day is not a reason to go deaf). */
const MAX_ESTIMATE = 10;

/**
 * The estimate for every subject of `rule` (the whole window, or each source system) from the
 * stats of consecutive whole hours, oldest first. One pass over the hours: linear in sources.
 */
export function hourlyDispersionBySubject(
  rule: AlertRuleConfig,
  hours: readonly Stats[],
): Map<string, number> {
  // One pair of typed arrays per subject, not an object per subject and hour (3,000 sources ×
  // 48 hours made the garbage collector the larger part of the work).
  const bySubject = new Map<string, { failed: Float64Array; terminal: Float64Array }>();
  for (let i = 0; i < hours.length; i++) {
    for (const o of observe(rule, hours[i] as Stats)) {
      let series = bySubject.get(o.subject);
      if (series === undefined) {
        series = {
          failed: new Float64Array(hours.length),
          terminal: new Float64Array(hours.length),
        };
        bySubject.set(o.subject, series);
      }
      series.failed[i] = o.counts.failed;
      series.terminal[i] = o.counts.terminal;
    }
  }
  const out = new Map<string, number>();
  for (const [subject, series] of bySubject)
    out.set(subject, believedDispersion(seriesDispersion(series)));
  return out;
}

/** A subject's failed and terminal counts, hour by hour, oldest first. */
interface HourSeries {
  readonly failed: ArrayLike<number>;
  readonly terminal: ArrayLike<number>;
}

/**
 * φ from consecutive whole hours (oldest first; an hour with no executions is { 0, 0 }); null
 * when the hours hold too few failures to say. Not clamped below: about 1 means independent.
 */
export function hourlyDispersion(hours: readonly Counts[]): HourlyEstimate | null {
  return seriesDispersion({
    failed: hours.map((h) => h.failed),
    terminal: hours.map((h) => h.terminal),
  });
}

function seriesDispersion(hours: HourSeries): HourlyEstimate | null {
  // Typed arrays and plain loops: a per-source rule estimates thousands of subjects at once.
  const { failed, terminal } = hours;
  const residuals = new Float64Array(Math.max(0, failed.length - 1));
  let pairs = 0;
  for (let i = 1; i < failed.length; i++) {
    const fa = failed[i - 1] as number;
    const ta = terminal[i - 1] as number;
    const tb = terminal[i] as number;
    const k = fa + (failed[i] as number);
    const n = ta + tb;
    if (k < MIN_PAIR_FAILURES || ta === 0 || tb === 0) continue;
    const w = ta / n;
    residuals[pairs++] = (fa - k * w) ** 2 / (k * w * (1 - w));
  }
  if (pairs < MIN_PAIRS) return null;
  const sorted = residuals.subarray(0, pairs).sort();
  // The rough scale over-corrects when fewer pairs than it leaves out are outliers: it only
  // places the cut.
  const kept = pairs - Math.max(MIN_TRIMMED, Math.round(pairs * TRIMMED_SHARE));
  let keptSum = 0;
  for (let i = 0; i < kept; i++) keptSum += sorted[i] as number;
  const rough = keptSum / kept / trimCorrection(kept, pairs);
  const cutoff = OUTLIER_CUTOFF * Math.max(1, rough);
  let sum = 0;
  let within = 0;
  for (let i = 0; i < pairs && (sorted[i] as number) <= cutoff; i++) {
    sum += sorted[i] as number;
    within += 1;
  }
  const phi = sum / within / CUT_MEAN;
  return { phi: Math.min(MAX_ESTIMATE, phi), pairs };
}

export interface HourlyEstimate {
  /** The dispersion: about 1 when failures are independent (not clamped). */
  readonly phi: number;
  /** How many pairs of adjacent hours it rests on. */
  readonly pairs: number;
}

/**
 * The dispersion to believe from an estimate: its φ when it is clearly above 1 (independent
 * failures would give as much in under CLUSTERING_EVIDENCE of days: a χ² test on its pairs),
 * else 1. An estimate on 47 pairs (48 hours) is believed from 1.9 up, on 23 from 2.4, on 8 from
 * 3.7. Tried on the tuned set with 24 hours at 0.01 (from 2.1 and 3.3): 2 real spikes of 795 lost
 * to an estimate of ~2.4 on independent traffic, and no fewer clustered false alerts. With 48
 * hours, 0.02 had one clustered false alert fewer (4 → 3) and lost nothing, but believes
 * independent traffic clustered in 0.4% of hours (none at 0.005), as 0.01 did with 24 hours;
 * 0.05 lost 2 real spikes of 384 at 0.3x volume.
 */
export function believedDispersion(estimate: HourlyEstimate | null): number {
  if (estimate === null) return 1;
  // Adjacent pairs overlap (each hour is in two): they weigh as half as many independent ones.
  const df = estimate.pairs / 2;
  return estimate.phi >= wilsonHilferty(df, EVIDENCE_Z) / df ? estimate.phi : 1;
}

/** The χ²(df) q-quantile, by Wilson and Hilferty's cube-root approximation (within 1% from df 4). */
export function chiSquareQuantile(df: number, q: number): number {
  return wilsonHilferty(df, normalQuantile(q));
}

/** The χ²(df) quantile at the standard normal quantile z. */
function wilsonHilferty(df: number, z: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** The standard normal q-quantile, by bisection on erf. */
function normalQuantile(q: number): number {
  let lo = -6;
  let hi = 6;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * (1 + erfSigned(mid / Math.SQRT2)) < q) lo = mid;
    else hi = mid;
  }
  return lo;
}

function erfSigned(x: number): number {
  return x < 0 ? -erf(-x) : erf(x);
}

/** Constants of the estimate, computed once (the quantile's bisection is not free per source). */
const EVIDENCE_Z = normalQuantile(1 - CLUSTERING_EVIDENCE);
const CUT_MEAN = truncatedChiSquareMean(OUTLIER_CUTOFF);

/**
 * E[X | X ≤ its (kept / all)-quantile] for X ~ χ²(1): what a mean of the `kept` smallest of `all`
 * pairs is expected to be. Kept by (kept, all): there are a few dozen of them, and the
 * quantile's bisection cost more than the rest of a per-source rule's estimate (3,000 sources:
 * 47 → 6 ms).
 */
const trimCorrections = new Map<number, number>();
function trimCorrection(kept: number, all: number): number {
  const key = kept * 1_000 + all;
  let value = trimCorrections.get(key);
  if (value === undefined) {
    value = truncatedChiSquareMean(chiSquare1Quantile(kept / all));
    trimCorrections.set(key, value);
  }
  return value;
}

/** E[X | X ≤ x] for X ~ χ²(1): E[X; X ≤ x] = P(χ²(3) ≤ x), divided by P(χ²(1) ≤ x). */
export function truncatedChiSquareMean(x: number): number {
  return chiSquare3Cdf(x) / chiSquare1Cdf(x);
}

/** The q-quantile of χ²(1), by bisection (q < 1; χ² ≤ 20 is all that is needed here). */
function chiSquare1Quantile(q: number): number {
  let lo = 0;
  let hi = 20;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquare1Cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** P(χ²(1) < x) = erf(√(x/2)). */
function chiSquare1Cdf(x: number): number {
  return erf(Math.sqrt(x / 2));
}

/** P(χ²(3) < x) = P(χ²(1) < x) − √(2x/π)·e^(−x/2). */
function chiSquare3Cdf(x: number): number {
  return chiSquare1Cdf(x) - Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
}

/** erf by its Taylor series: within ~1e-8 for x ≤ 4.3, all it is used for (χ² ≤ 20, |z| ≤ 6). */
function erf(x: number): number {
  if (x > 6) return 1;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-16) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
