import type { AlertRuleConfig } from '../config/config.js';
import { OVERALL, type SubjectFigures, type SubjectState } from '../messages/alert-view.js';
import { binomialUpperTail } from './binomial.js';
import type { Counts, EngineSubjectState, WindowCounts } from './types.js';

/**
 * One subject (the whole window, or one source system) in one evaluation of its rule: how its
 * figures measure against the rule (assess), whether they breach once every subject of the rule
 * has been assessed (decide: the significance test is shared out across subjects), and its state
 * machine (stepSubject). What each step does and why is measured by `exec-stats replay --eval`
 * (docs/alert-evaluation.md).
 *
 * A subject breaches when, in its window, all of these hold:
 * - at least `minFailures` failed executions;
 * - the rate failed / terminal reaches `failureRate` (within sampling error: see reachesRate);
 * - with a baseline: rate ≥ `baselineFactor` × the baseline rate, AND the failures are unlikely
 *   at the baseline rate (a one-sided binomial test, p ≤ `significance`).
 * With a baseline, the same test also runs on a longer window (the rule's window and up to 3
 * earlier, non-overlapping ones the subject's state remembers), so that a low-volume source
 * whose spike never puts `minFailures` into one window is still seen; the short window must
 * still reach the rate. The two tests are counted as two (the p-value is doubled), and across
 * the subjects of a per-source rule the significance is shared out with Benjamini–Hochberg, so
 * a thousand quiet sources do not produce a false alarm every few minutes by chance.
 *
 * The baseline rate is smoothed as (failed + 1) / (terminal + 2) (Laplace's rule of succession):
 * an empty or perfect baseline gives a small positive rate rather than 0. It is capped at 1.5×
 * a slow average of the subject's baseline learnt while it was quiet, so an incident (or a slow
 * ramp) that has crept into the baseline window does not make itself the new normal. When the
 * subject's failures come in clusters (one bad input retried), the test counts them as fewer,
 * independent events: failures and executions are divided by the dispersion measured on the
 * subject's own quiet windows (a quasi-binomial test), which starts from what its last 48 whole
 * hours show (hourly-dispersion.ts) rather than from independence when those are clearly clustered.
 */

/** Earlier windows a subject remembers for the longer test. */
export const LONG_WINDOWS = 3;
/** A window is remembered every windowMs / this, so the longer test finds one ending close to where the rule's window begins… */
export const WINDOW_STEPS = 3;
/**
 * …but no more often than this, unless the window itself is shorter (it is then remembered once a
 * window, and the remembered windows still tile the past): each time a subject learns, its stored
 * state changes, and a per-source rule has thousands of subjects.
 */
export const MIN_STEP_MS = 5 * 60_000;

/** How often a subject of a rule with this window learns (and, while calm, is refreshed). */
export function learningStepMs(windowMs: number): number {
  return Math.max(windowMs / WINDOW_STEPS, Math.min(windowMs, MIN_STEP_MS));
}
/** The slow average of the baseline rate forgets with this time constant. */
export const REFERENCE_TIME_CONSTANT_MS = 7 * 86_400_000;
/** The baseline rate used is at most this many times the slow average. */
export const REFERENCE_CAP = 1.5;
/** The dispersion starts as if this many remembered windows had shown none (a prior of independence). */
export const DISPERSION_PRIOR_WINDOWS = 8 * WINDOW_STEPS;
/** The dispersion remembers about this many remembered windows (a day of 15-minute windows). */
export const DISPERSION_MEMORY_WINDOWS = 96 * WINDOW_STEPS;
/** A window's squared residual counts at most this much (one real incident is not "noise"). */
const MAX_RESIDUAL = 100;
/** The largest dispersion applied. */
const MAX_DISPERSION = 10;
/**
 * A firing subject may recover before its window has slid past the breach only when the window
 * is clear evidence that the rate is well below `recoverRate`: under half of it, and
 * P(X ≤ failed | recoverRate) ≤ this (0 of 40 is). Judged against `failureRate` at 0.002, 0 of 30
 * was enough, and a degradation still climbing through 10% showed it by chance: 7 early resolves
 * in 420 runs of the tuned set, 1 at this level.
 */
export const RECOVERY_EVIDENCE = 0.002;
/**
 * Without clear evidence, a firing subject recovers once it has been calm for this many windows
 * (the first lets the breach slide out of the window; the second is calm data alone)…
 */
export const CALM_WINDOWS = 2;
/**
 * …and the calm stretch (the windows since the last evaluation that was not calm, which do not
 * overlap each other) is evidence of a rate below `recoverRate`: P(X ≤ failed | recoverRate) ≤
 * this. A window of a disturbance that is still climbing shows under `recoverRate` by chance
 * (3 of 51 at a true 15%); a stretch of half an hour of it rarely does. Only for rules with a
 * baseline (those that remember windows); a plain threshold rule recovers on its window alone.
 */
export const STRETCH_EVIDENCE = 0.05;
/** The same, for a recovery before the window has slid past the breach (with RECOVERY_EVIDENCE). */
export const STRETCH_EVIDENCE_EARLY = 0.02;
/** Calm (by its rate alone) for this many windows, a firing subject recovers whatever the evidence. */
export const CALM_WINDOWS_MAX = LONG_WINDOWS + 1;
/** The rate test allows this many standard errors of sampling noise below `failureRate`… */
export const RATE_TOLERANCE_SE = 2;
/** …but never more than this share of it. */
export const RATE_TOLERANCE_SHARE = 0.2;

export function failureRate(counts: Counts): number {
  return counts.terminal > 0 ? counts.failed / counts.terminal : 0;
}

export function smoothedBaselineRate(counts: Counts): number {
  return (counts.failed + 1) / (counts.terminal + 2);
}

/**
 * Whether the window's rate reaches `threshold`, allowing for sampling noise: a window of a true
 * 20% rate shows less than 20% about half the time, so a rate this close to the threshold (two
 * standard errors, at most a fifth of it) counts as reaching it.
 */
export function reachesRate(counts: Counts, threshold: number): boolean {
  if (counts.terminal === 0) return false;
  const se = Math.sqrt((threshold * (1 - threshold)) / counts.terminal);
  const tolerance = Math.min(RATE_TOLERANCE_SE * se, RATE_TOLERANCE_SHARE * threshold);
  return counts.failed / counts.terminal >= threshold - tolerance;
}

/**
 * Whether the window's rate is above `threshold` beyond sampling noise (the mirror of reachesRate):
 * a firing subject whose usual rate sits just under `recoverRate` shows 6 of 56 (10.7%) now and
 * then; that window breaks its count of calm evaluations but does not restart its calm stretch.
 */
export function clearlyAbove(counts: Counts, threshold: number): boolean {
  if (counts.terminal === 0) return false;
  const se = Math.sqrt((threshold * (1 - threshold)) / counts.terminal);
  const tolerance = Math.min(RATE_TOLERANCE_SE * se, RATE_TOLERANCE_SHARE * threshold);
  return counts.failed / counts.terminal >= threshold + tolerance;
}

/**
 * The dispersion φ ≥ 1 of a subject's failures, from its state: what it has learnt on its own
 * quiet windows, starting from a prior of DISPERSION_PRIOR_WINDOWS windows at `hourly` (what its
 * last whole hours show, hourly-dispersion.ts: 1 unless clearly above) or at 1 (independence).
 */
export function dispersionOf(
  state: EngineSubjectState | undefined,
  hourly: number | null = null,
): number {
  const prior = hourly ?? 1;
  const d = state?.dispersion;
  const phi =
    d == null
      ? prior
      : (d.sum + DISPERSION_PRIOR_WINDOWS * prior) / (d.windows + DISPERSION_PRIOR_WINDOWS);
  return Math.min(MAX_DISPERSION, Math.max(1, phi));
}

/** P(X ≥ failed) at rate p, with failures and executions divided by the dispersion φ. */
export function clusteredPValue(counts: Counts, p: number, phi: number): number {
  const k = Math.round(counts.failed / phi);
  const n = Math.round(counts.terminal / phi);
  return binomialUpperTail(k, Math.max(n, k), p);
}

/** What assess() found; decide() turns it into SubjectFigures once the rule's cutoff is known. */
export interface Assessment {
  readonly subject: string;
  readonly counts: Counts;
  readonly rate: number;
  /** The baseline rate used (smoothed, capped); null without a baseline. */
  readonly baselineRate: number | null;
  /** Every condition but the significance test holds on the rule's window / the longer one. */
  readonly short: boolean;
  readonly long: boolean;
  /** The p-value for the significance test (doubled when both windows were tested); null without a baseline. */
  readonly pValue: number | null;
  /** The window is clear evidence of a rate below `recoverRate` (recovery need not wait). */
  readonly calmEvidence: boolean;
  /** P(X ≤ failed | recoverRate) over the calm stretch so far (see STRETCH_EVIDENCE); 0 without a baseline. */
  readonly stretchP: number;
}

type AssessedRule = Pick<
  AlertRuleConfig,
  'minFailures' | 'failureRate' | 'baseline' | 'windowMs' | 'recoverRate'
>;

export function assess(
  rule: AssessedRule,
  subject: string,
  counts: Counts,
  baseline: Counts | null,
  previous: EngineSubjectState | undefined,
  now: number,
  /** The dispersion the subject's last whole hours show (1 unless clearly above); null: not known. */
  hourlyDispersion: number | null = null,
): Assessment {
  const rate = failureRate(counts);
  const enough = (c: Counts) => c.failed >= rule.minFailures && reachesRate(c, rule.failureRate);
  const calmEvidence =
    previous?.status === 'firing' &&
    counts.terminal > 0 &&
    rate < rule.recoverRate / 2 &&
    1 - binomialUpperTail(counts.failed + 1, counts.terminal, rule.failureRate) <=
      RECOVERY_EVIDENCE;
  // A rule without a baseline is a plain threshold rule and remembers no windows to add up:
  // it recovers as such (on its window alone), with no evidence asked of its calm stretch.
  const stretchP =
    previous?.status === 'firing' && rule.baseline !== null && baseline !== null
      ? calmStretchP(rule, counts, previous, now)
      : 0;
  if (rule.baseline === null || baseline === null) {
    return {
      subject,
      counts,
      rate,
      baselineRate: null,
      short: enough(counts),
      long: false,
      pValue: null,
      calmEvidence,
      stretchP,
    };
  }
  const smoothed = smoothedBaselineRate(baseline);
  const reference = previous?.reference;
  const baselineRate =
    reference == null ? smoothed : Math.min(smoothed, REFERENCE_CAP * reference.rate);
  const factor = rule.baseline.factor;
  const phi = dispersionOf(previous, hourlyDispersion);
  const short = enough(counts) && rate >= factor * baselineRate;
  const longCounts = longWindow(counts, previous?.windows, rule.windowMs, now);
  const pShort = clusteredPValue(counts, baselineRate, phi);
  // The longer window adds evidence to a window that is anomalous on its own, at a looser level
  // (√significance): it never brings back failures the rule's window has let go of.
  const long =
    longCounts !== null &&
    reachesRate(counts, rule.failureRate) &&
    pShort <= Math.sqrt(rule.baseline.significance) &&
    enough(longCounts) &&
    failureRate(longCounts) >= factor * baselineRate;
  const pLong = longCounts === null ? 1 : clusteredPValue(longCounts, baselineRate, phi);
  const tests = longCounts === null ? 1 : 2;
  const best = short || long ? Math.min(short ? pShort : 1, long ? pLong : 1) : pShort;
  return {
    subject,
    counts,
    rate,
    baselineRate,
    short,
    long,
    pValue: Math.min(1, best * tests),
    calmEvidence,
    stretchP,
  };
}

/**
 * How likely so few failures are at `recoverRate` in the window and the remembered windows that lie
 * wholly inside the calm stretch (after the last evaluation that was not calm): P(X ≤ failed).
 */
function calmStretchP(
  rule: AssessedRule,
  counts: Counts,
  previous: EngineSubjectState,
  now: number,
): number {
  const since = previous.hotAt ?? previous.firingSince ?? now;
  let failed = counts.failed;
  let terminal = counts.terminal;
  for (const w of chain(previous.windows, rule.windowMs, now - rule.windowMs, now)) {
    if (w.at - rule.windowMs < since) break;
    failed += w.failed;
    terminal += w.terminal;
  }
  if (terminal === 0) return 1;
  return 1 - binomialUpperTail(failed + 1, terminal, rule.recoverRate);
}

/**
 * The earlier windows that do not overlap `before` or each other: from the newest that ends at or
 * before it, then the newest ending a window before that one, up to LONG_WINDOWS of them, none
 * older than LONG_WINDOWS + 1 windows before `now`.
 */
function chain(
  windows: readonly WindowCounts[] | undefined,
  windowMs: number,
  before: number,
  now: number,
): WindowCounts[] {
  const out: WindowCounts[] = [];
  if (windows === undefined) return out;
  let limit = before;
  for (let i = windows.length - 1; i >= 0 && out.length < LONG_WINDOWS; i--) {
    const w = windows[i] as WindowCounts;
    if (w.at <= now - (LONG_WINDOWS + 1) * windowMs) break;
    if (w.at > limit) continue;
    out.push(w);
    limit = w.at - windowMs;
  }
  return out;
}

/** The window added to the earlier ones that do not overlap it; null when there are none. */
function longWindow(
  counts: Counts,
  windows: readonly WindowCounts[] | undefined,
  windowMs: number,
  now: number,
): Counts | null {
  const earlier = chain(windows, windowMs, now - windowMs, now);
  if (earlier.length === 0) return null;
  return {
    failed: earlier.reduce((sum, w) => sum + w.failed, counts.failed),
    terminal: earlier.reduce((sum, w) => sum + w.terminal, counts.terminal),
  };
}

/**
 * The largest p-value that passes the significance test for every subject of one evaluation:
 * Benjamini–Hochberg at level `significance` over the `pValues` of all the rule's subjects
 * (those that cannot breach count as 1). With one subject it is `significance` itself.
 */
export function significanceCutoff(pValues: readonly number[], significance: number): number {
  const m = pValues.length;
  if (m <= 1) return significance;
  const sorted = [...pValues].sort((a, b) => a - b);
  let cutoff = 0;
  for (let i = 0; i < m; i++) {
    const p = sorted[i] as number;
    if (p <= ((i + 1) / m) * significance) cutoff = p;
  }
  return cutoff;
}

/** The subject's figures, breaching or not, once the rule's significance cutoff is known. */
export function decide(a: Assessment, cutoff: number | null): SubjectFigures {
  const breaching =
    a.pValue === null || cutoff === null ? a.short : (a.short || a.long) && a.pValue <= cutoff;
  return {
    subject: a.subject,
    failed: a.counts.failed,
    terminal: a.counts.terminal,
    rate: a.rate,
    baselineRate: a.baselineRate,
    pValue: a.pValue,
    breaching,
  };
}

/**
 * Whether one subject breaches its rule in one evaluation, on its own (no other subjects to
 * share the significance with, no memory of earlier windows): for tests and simple callers.
 */
export function measure(
  rule: AssessedRule,
  subject: string,
  counts: Counts,
  baseline: Counts | null,
): SubjectFigures {
  const a = assess(rule, subject, counts, baseline, undefined, 0);
  return decide(a, rule.baseline === null ? null : rule.baseline.significance);
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
  readonly state: EngineSubjectState;
  /** It started firing in this evaluation. */
  readonly fired: boolean;
  /** It stopped firing in this evaluation. */
  readonly recovered: boolean;
}

/**
 * One subject's state machine, with hysteresis on both edges:
 * ok/pending → firing after `for` consecutive breaching evaluations (a non-breaching one resets
 * the count); firing → ok after `for` consecutive evaluations with the rate below `recoverRate`,
 * and only once the window no longer overlaps the last evaluation that was not calm (it has slid
 * past the breach) and the calm stretch is evidence of a rate below `recoverRate` (or has lasted
 * CALM_WINDOWS_MAX windows), unless the window is already clear evidence of a rate below
 * `recoverRate`.
 * A window in which nothing finished is "no data", not calm: stuck traffic never recovers.
 * Between `recoverRate` and `failureRate` a firing subject keeps firing and an ok one stays ok.
 */
export function stepSubject(
  previous: EngineSubjectState | undefined,
  figures: SubjectFigures,
  rule: Pick<AlertRuleConfig, 'for' | 'recoverRate' | 'windowMs'>,
  now: number,
  calmEvidence = false,
  stretchP = 0,
): SubjectStep {
  const prev: EngineSubjectState = previous ?? FRESH_SUBJECT;
  const base = {
    last: figures,
    lastEvaluatedAt: now,
    history: [...prev.history, figures.rate].slice(-HISTORY_LENGTH),
  };
  if (prev.status === 'firing') {
    const calmNow = figures.terminal > 0 && figures.rate < rule.recoverRate;
    const calm = calmNow ? prev.calm + 1 : 0;
    const hot = figures.terminal === 0 || clearlyAbove(figures, rule.recoverRate);
    const hotAt = hot ? now : (prev.hotAt ?? prev.firingSince ?? now);
    const slidPast = now - hotAt >= CALM_WINDOWS * rule.windowMs;
    const calmLong = now - hotAt >= CALM_WINDOWS_MAX * rule.windowMs;
    const recovers =
      (slidPast && stretchP <= STRETCH_EVIDENCE) ||
      (calmEvidence && stretchP <= STRETCH_EVIDENCE_EARLY) ||
      calmLong;
    if (calm >= rule.for && recovers) {
      return {
        state: {
          ...prev,
          ...base,
          status: 'ok',
          breaches: 0,
          calm: 0,
          firingSince: null,
          hotAt: null,
        },
        fired: false,
        recovered: true,
      };
    }
    return {
      state: { ...prev, ...base, calm, breaches: 0, hotAt },
      fired: false,
      recovered: false,
    };
  }
  const breaches = figures.breaching ? prev.breaches + 1 : 0;
  if (breaches >= rule.for) {
    return {
      state: {
        ...prev,
        ...base,
        status: 'firing',
        breaches: 0,
        calm: 0,
        firingSince: now,
        hotAt: now,
      },
      fired: true,
      recovered: false,
    };
  }
  const status = breaches > 0 ? 'pending' : 'ok';
  return {
    state: { ...prev, ...base, status, breaches, calm: 0, firingSince: null },
    fired: false,
    recovered: false,
  };
}

/**
 * Whether a subject that last learnt (or was last refreshed) at `since` learns again at `now`: once
 * it enters another step (learningStepMs). Each subject's steps are offset by a hash of its name,
 * so the thousands of sources of a per-source rule do not all learn (and change their stored state)
 * in the same evaluation: about one in step / interval of them does in each (source-state-diff.ts
 * then writes those rows alone).
 */
export function learningDue(
  subject: string,
  windowMs: number,
  since: number,
  now: number,
): boolean {
  if (now < since) return true;
  const step = learningStepMs(windowMs);
  const phase = subjectPhase(subject) % step;
  return Math.floor((now + phase) / step) !== Math.floor((since + phase) / step);
}

/**
 * A stable offset of the subject's name (FNV-1a, in whole seconds); none for an overall rule's one
 * subject, which has nobody to be staggered against.
 */
function subjectPhase(subject: string): number {
  if (subject === OVERALL) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < subject.length; i++) {
    hash ^= subject.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash * 1_000;
}

/**
 * What the subject learns from this evaluation, whatever its status: the window is remembered
 * (one every `windowMs`, so they never overlap) for the longer test; while quiet, the slow
 * average of its baseline and the dispersion of its failures are updated.
 */
export function learn(
  state: EngineSubjectState,
  counts: Counts,
  baseline: Counts | null,
  rule: Pick<AlertRuleConfig, 'windowMs' | 'baseline'>,
  quiet: boolean,
  now: number,
  subject: string,
): EngineSubjectState {
  if (rule.baseline === null || baseline === null) return state;
  const windows = state.windows ?? [];
  const last = windows[windows.length - 1];
  // Everything below changes only once a step, so a quiet subject's stored state does too.
  if (last !== undefined && !learningDue(subject, rule.windowMs, last.at, now)) return state;
  const smoothed = smoothedBaselineRate(baseline);
  let next: EngineSubjectState = state;
  if (quiet) {
    // Weighted by the time since it last learnt, so learning once a step averages as learning
    // every evaluation would.
    const ref = state.reference;
    const weight =
      ref == null ? 1 : Math.min(1, Math.max(0, now - ref.at) / REFERENCE_TIME_CONSTANT_MS);
    const rate = ref == null ? smoothed : ref.rate + (smoothed - ref.rate) * weight;
    next = { ...next, reference: { rate, at: now } };
  }
  const horizon = now - (LONG_WINDOWS + 1) * rule.windowMs;
  next = {
    ...next,
    windows: [
      ...windows.filter((w) => w.at > horizon && w.at <= now),
      { at: now, failed: counts.failed, terminal: counts.terminal },
    ],
  };
  // The dispersion: how far this window's failures are from what earlier windows' rate predicts,
  // in binomial standard deviations (squared). Measured against the subject's recent level rather
  // than its baseline, so a slow drift (a ramp) is not mistaken for clustering; the window just
  // before is skipped, as a burst of retries often spills into it.
  const earlier = chain(windows, rule.windowMs, now - 2 * rule.windowMs, now);
  const priorFailed = earlier.reduce((sum, w) => sum + w.failed, 0);
  const priorTerminal = earlier.reduce((sum, w) => sum + w.terminal, 0);
  // Shrunk towards the baseline by one window's worth of executions, so a quiet stretch with no
  // failure does not predict a rate of zero.
  const prior = Math.max(1, counts.terminal);
  const p = (priorFailed + prior * smoothed) / (priorTerminal + prior);
  const expected = counts.terminal * p;
  // A subject that fires (or sits in an incident) drops what it had not yet learnt.
  const held = quiet ? (state.residuals ?? []) : [];
  const settled = held.filter((r) => now - r.at >= (LONG_WINDOWS + 1) * rule.windowMs);
  let residuals = held.filter((r) => now - r.at < (LONG_WINDOWS + 1) * rule.windowMs);
  // Which windows count is decided on the baseline, not on the recent level: after a burst the
  // recent level is high, and keeping only those windows would make bursts look rare.
  if (quiet && earlier.length >= 1 && counts.terminal * smoothed >= 0.5) {
    const variance = expected * (1 - p) * (1 + counts.terminal / (priorTerminal + prior));
    const value = Math.min(MAX_RESIDUAL, (counts.failed - expected) ** 2 / variance);
    residuals = [...residuals, { at: now, value }];
  }
  let d = state.dispersion ?? null;
  for (const r of settled) {
    const prev = d ?? { sum: 0, windows: 0 };
    const keep =
      prev.windows >= DISPERSION_MEMORY_WINDOWS
        ? (DISPERSION_MEMORY_WINDOWS - 1) / DISPERSION_MEMORY_WINDOWS
        : 1;
    d = { sum: prev.sum * keep + r.value, windows: prev.windows * keep + 1 };
  }
  next = { ...next, dispersion: d, residuals };
  return next;
}
