import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/alerts/engine.js';
import {
  clusteredPValue,
  dispersionOf,
  reachesRate,
  significanceCutoff,
} from '../../../src/alerts/subject-evaluation.js';
import { EMPTY_RULE_STATE, type EngineSubjectState } from '../../../src/alerts/types.js';
import { OVERALL, type RuleState } from '../../../src/messages/alert-view.js';
import type { Stats } from '../../../src/stats/types.js';
import { billing, rule, stats } from './fixtures.js';
import { MINUTE, T0 } from './trace.js';

const BASELINE = { windowMs: 24 * 60 * MINUTE, factor: 3, significance: 0.001 };
const withBaseline = rule({ baseline: BASELINE, for: 2 });
const usual = billing(20, 1_000); // 2%

/** Evaluations at the given minutes from T0; returns the notification kinds of each. */
function run(
  r: typeof withBaseline,
  steps: readonly { minute: number; window: Stats; baseline?: Stats }[],
  start: RuleState = EMPTY_RULE_STATE,
): { kinds: string[][]; state: RuleState } {
  let state = start;
  const kinds: string[][] = [];
  for (const step of steps) {
    const result = evaluateRule({
      rule: r,
      window: step.window,
      baseline: r.baseline === null ? null : (step.baseline ?? usual),
      previous: state,
      now: T0 + step.minute * MINUTE,
    });
    state = result.state;
    kinds.push(result.notifications.map((n) => n.kind));
  }
  return { kinds, state };
}

const minutes = (from: number, to: number, window: Stats) =>
  Array.from({ length: to - from }, (_, i) => ({ minute: from + i, window }));

describe('recovery', () => {
  it('a window in which nothing finished is no data, not calm: stuck traffic never resolves', () => {
    const { kinds, state } = run(rule({ for: 2 }), [
      { minute: 0, window: billing(12, 40) },
      { minute: 1, window: billing(12, 40) },
      ...minutes(2, 120, billing(0, 0)),
    ]);
    expect(kinds[1]).toEqual(['open']);
    expect(kinds.flat()).not.toContain('resolved');
    expect(state.subjects[OVERALL]?.status).toBe('firing');
  });

  it('a window merely below recoverRate waits until it has slid past the breach', () => {
    // 3 of 40 (7.5%) is below recoverRate (10%) but not clear evidence of a rate below 20%.
    const { kinds } = run(rule({ for: 2 }), [
      { minute: 0, window: billing(12, 40) },
      { minute: 1, window: billing(12, 40) }, // fires
      ...minutes(2, 70, billing(3, 40)),
    ]);
    const resolvedAt = kinds.findIndex((k) => k.includes('resolved'));
    // The last evaluation that was not calm is minute 1: the 15-minute window is clear of it at
    // 16, and a second window of calm data alone ends at 31. (A plain threshold rule, without a
    // baseline: no evidence is asked of its calm stretch.)
    expect(resolvedAt).toBe(31);
  });

  it('with a baseline, a calm stretch that is no evidence of a rate below recoverRate waits longer', () => {
    // 3 of 40 in every window: P(X ≤ 3 | 10%) = 0.42, and 6 of 80 over two windows 0.31, so no
    // recovery at 31; after an hour of calm by the rate alone (CALM_WINDOWS_MAX) it recovers.
    const { kinds } = run(withBaseline, [
      { minute: 0, window: billing(12, 40) },
      { minute: 1, window: billing(12, 40) }, // fires
      ...minutes(2, 70, billing(3, 40)),
    ]);
    expect(kinds[1]).toEqual(['open']);
    expect(kinds.findIndex((k) => k.includes('resolved'))).toBe(61);
  });

  it('a calm stretch recovers once its non-overlapping windows add up to evidence of a rate below recoverRate', () => {
    // 1 of 40 (2.5%): one window is no evidence (P(X ≤ 1 | 10%) = 0.08). The remembered window
    // ending at minute 20 lies wholly after the breach at minute 1; from minute 35 it is clear of
    // the current window, and the two give 2 of 80 (P = 0.01 ≤ STRETCH_EVIDENCE).
    const { kinds } = run(withBaseline, [
      { minute: 0, window: billing(12, 40) },
      { minute: 1, window: billing(12, 40) }, // fires
      ...minutes(2, 70, billing(1, 40)),
    ]);
    expect(kinds[1]).toEqual(['open']);
    expect(kinds.findIndex((k) => k.includes('resolved'))).toBe(35);
  });

  it('a window just above recoverRate by sampling noise breaks the calm count but not the calm stretch', () => {
    // 6 of 56 (10.7%) is not above 10% beyond two standard errors: the stretch still begins at
    // the breach (minute 1), and the windows remembered at 25 and 10… add up from minute 40
    // (2 of 80). Had 6 of 56 restarted the stretch, it could not recover before minute 50.
    const { kinds } = run(withBaseline, [
      { minute: 0, window: billing(12, 40) },
      { minute: 1, window: billing(12, 40) }, // fires
      ...minutes(2, 20, billing(1, 40)),
      { minute: 20, window: billing(6, 56) },
      ...minutes(21, 70, billing(1, 40)),
    ]);
    expect(kinds.findIndex((k) => k.includes('resolved'))).toBe(40);
  });

  it('a degradation still climbing is not resolved on one window that happens to look calm', () => {
    // Climbing through 10-15% at 2 a minute: a window of 2 of 30 (6.7%) is below recoverRate by
    // chance; judged on the window alone (as before), it resolved within the climb.
    const { kinds } = run(withBaseline, [
      { minute: 0, window: billing(12, 40) },
      { minute: 1, window: billing(12, 40) }, // fires
      ...minutes(2, 40, billing(2, 30)),
      ...minutes(40, 60, billing(6, 40)),
    ]);
    expect(kinds.flat().filter((k) => k === 'resolved')).toEqual([]);
  });

  it('clear evidence of a rate below failureRate recovers after `for` calm evaluations', () => {
    const { kinds } = run(rule({ for: 2 }), [
      { minute: 0, window: billing(12, 40) },
      { minute: 1, window: billing(12, 40) },
      { minute: 2, window: billing(1, 40) },
      { minute: 3, window: billing(1, 40) },
    ]);
    expect(kinds[3]).toEqual(['resolved']);
  });

  it('with a baseline, the early recovery also needs the window to be evidence of a rate below recoverRate', () => {
    // 1 of 40: clear evidence of a rate below 20% (P = 0.0015), but P(X ≤ 1 | 10%) = 0.08; 0 of
    // 40 (0.015) is enough.
    const early = (w: Stats) =>
      run(withBaseline, [
        { minute: 0, window: billing(12, 40) },
        { minute: 1, window: billing(12, 40) },
        { minute: 2, window: w },
        { minute: 3, window: w },
      ]).kinds[3];
    expect(early(billing(1, 40))).toEqual([]);
    expect(early(billing(0, 40))).toEqual(['resolved']);
  });
});

describe('what a subject has learnt', () => {
  it('is kept through a window with no executions (a quiet night), not forgotten', () => {
    const { state } = run(withBaseline, [
      ...minutes(0, 10, billing(1, 40)),
      { minute: 10, window: billing(0, 0) },
      { minute: 11, window: billing(0, 0) },
    ]);
    const kept = state.subjects[OVERALL] as EngineSubjectState;
    expect(kept.status).toBe('ok');
    expect(kept.reference?.rate).toBeCloseTo(21 / 1_002, 6);
    // Only what was learnt: no figures, trend or windows of a night without traffic.
    expect(kept.last).toBeNull();
    expect(kept.windows).toBeUndefined();
  });

  it('is dropped once the slow average has not learnt for a week', () => {
    const { state } = run(withBaseline, [
      ...minutes(0, 10, billing(1, 40)),
      { minute: 10, window: billing(0, 0) },
      { minute: 7 * 24 * 60 + 10, window: billing(0, 0) },
    ]);
    expect(state.subjects[OVERALL]).toBeUndefined();
  });
});

describe('evidence over a longer window', () => {
  it('fires on a low-volume spike that never puts minFailures into one window', () => {
    // 4 of 8 in every 15 minutes (50%, usual 2%): each window alone has fewer than 5 failures;
    // with the earlier windows the subject remembers, there are 8 and more.
    const steps = Array.from({ length: 40 }, (_, i) => ({ minute: i, window: billing(4, 8) }));
    const { kinds } = run(withBaseline, steps);
    const fired = kinds.findIndex((k) => k.includes('open'));
    expect(fired).toBeGreaterThan(15);
    expect(fired).toBeLessThan(20);
    // The rule's window alone (a fresh state every time) never fires.
    for (const step of steps.slice(0, 3)) {
      expect(run(withBaseline, [step]).kinds.flat()).toEqual([]);
    }
  });

  it('does not bring back failures the window has let go of', () => {
    // A spike in the remembered windows, then 1 of 8 now: not anomalous on its own.
    const { kinds } = run(withBaseline, [
      ...minutes(0, 20, billing(4, 8)),
      ...minutes(20, 60, billing(1, 8)),
    ]);
    const opened = kinds.filter((k) => k.includes('open') || k.includes('reopened')).length;
    expect(opened).toBe(1);
  });
});

describe('many sources', () => {
  it('shares the significance out across sources (Benjamini–Hochberg)', () => {
    expect(significanceCutoff([0.0004], 0.001)).toBe(0.001);
    // 1,000 subjects: the smallest p must be at most 0.001 / 1000.
    const many = [0.0004, ...Array.from({ length: 999 }, () => 1)];
    expect(significanceCutoff(many, 0.001)).toBe(0);
    const strong = [1e-7, 0.0004, ...Array.from({ length: 998 }, () => 1)];
    expect(significanceCutoff(strong, 0.001)).toBe(1e-7);
  });

  it('a source as anomalous as 5 of 18 fires alone, but not among a thousand quiet ones', () => {
    const r = rule({ scope: 'per-source', baseline: BASELINE, for: 1 });
    const one = { billing: [5, 18] as const };
    const alone = evaluateRule({
      rule: r,
      window: stats(one),
      baseline: stats({ billing: [20, 1_000] }),
      previous: EMPTY_RULE_STATE,
      now: T0,
    });
    expect(alone.notifications.map((n) => n.kind)).toEqual(['open']);
    const quiet: Record<string, readonly [number, number]> = {};
    const quietBaseline: Record<string, readonly [number, number]> = {};
    // Sources with a failure each: they count among the tests the significance is shared by.
    for (let i = 0; i < 1_000; i++) {
      quiet[`s${i}`] = [1, 20];
      quietBaseline[`s${i}`] = [20, 1_000];
    }
    const crowd = evaluateRule({
      rule: r,
      window: stats({ ...quiet, ...one }),
      baseline: stats({ ...quietBaseline, billing: [20, 1_000] }),
      previous: EMPTY_RULE_STATE,
      now: T0,
    });
    expect(crowd.notifications).toEqual([]);
  });
});

describe('learning from quiet windows', () => {
  it('caps the baseline at 1.5x its slow average, so an incident does not become the usual rate', () => {
    const subject = (reference: number): RuleState => {
      const learnt: EngineSubjectState = {
        status: 'ok',
        breaches: 0,
        calm: 0,
        firingSince: null,
        last: null,
        lastEvaluatedAt: null,
        history: [],
        reference: { rate: reference, at: T0 },
      };
      return { ...EMPTY_RULE_STATE, subjects: { [OVERALL]: learnt } };
    };
    // The last 24 h hold 8 hours at 50%: a baseline of ~18%, which 50% is not 3x of.
    const contaminated = billing(180, 1_000);
    const step = { minute: 1, window: billing(20, 40), baseline: contaminated };
    expect(run(rule({ baseline: BASELINE }), [step]).kinds.flat()).toEqual([]);
    expect(run(rule({ baseline: BASELINE }), [step], subject(0.02)).kinds.flat()).toEqual(['open']);
  });

  it('counts clustered failures as fewer independent events', () => {
    expect(dispersionOf(undefined)).toBe(1);
    const learnt = { dispersion: { sum: 72, windows: 24 } } as EngineSubjectState;
    expect(dispersionOf(learnt)).toBe(2);
    // 6 of 40 at 2%: p ≈ 1e-4 if independent; as 3 of 20 (dispersion 2) it is ≈ 6e-3.
    const independent = clusteredPValue({ failed: 6, terminal: 40 }, 0.02, 1);
    const clustered = clusteredPValue({ failed: 6, terminal: 40 }, 0.02, 2);
    expect(independent).toBeLessThan(0.001);
    expect(clustered).toBeGreaterThan(0.001);
  });

  it('starts from the dispersion of the last hours when they clearly show one', () => {
    const learnt = { dispersion: { sum: 24, windows: 24 } } as EngineSubjectState;
    expect(dispersionOf(undefined, 4)).toBe(4);
    // What the subject learns outweighs the hours' prior as it accumulates: (24 + 24 × 4) / 48.
    expect(dispersionOf(learnt, 4)).toBe(2.5);
    expect(dispersionOf(learnt, null)).toBe(1);
  });

  it('knows clustered failures from its first evaluation when given the last hours', () => {
    // 24 hours alternating 0 and 4 failures of 100: φ ≈ 4, clearly not independent.
    const hours = Array.from({ length: 24 }, (_, i) => billing(i % 2 === 0 ? 0 : 4, 100));
    const r = rule({ baseline: BASELINE, for: 1 });
    // 8 of 40 against 2%: p ≈ 1e-6 if independent; as 2 of 10 (φ ≈ 4), p ≈ 0.02.
    const evaluate = (given: readonly Stats[] | null | undefined) =>
      evaluateRule({
        rule: r,
        window: billing(8, 40),
        baseline: usual,
        previous: EMPTY_RULE_STATE,
        now: T0,
        ...(given === undefined ? {} : { hours: given }),
      }).notifications.map((n) => n.kind);
    expect(evaluate(undefined)).toEqual(['open']);
    expect(evaluate(null)).toEqual(['open']);
    expect(evaluate(hours)).toEqual([]);
    // Hours of independent failures change nothing.
    const steady = Array.from({ length: 24 }, (_, i) => billing(i % 3 === 0 ? 3 : 2, 100));
    expect(evaluate(steady)).toEqual(['open']);
  });

  it('reaches a rate within two standard errors of it, and never below four fifths of it', () => {
    expect(reachesRate({ failed: 40, terminal: 200 }, 0.2)).toBe(true);
    expect(reachesRate({ failed: 33, terminal: 200 }, 0.2)).toBe(true); // 16.5%
    expect(reachesRate({ failed: 31, terminal: 200 }, 0.2)).toBe(false); // 15.5%
    expect(reachesRate({ failed: 3, terminal: 20 }, 0.2)).toBe(false); // 15%: the cap
    expect(reachesRate({ failed: 0, terminal: 0 }, 0.2)).toBe(false);
  });
});
