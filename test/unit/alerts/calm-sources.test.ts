import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/alerts/engine.js';
import { ruleStateWrite } from '../../../src/alerts/source-state-diff.js';
import { learningDue, WINDOW_STEPS } from '../../../src/alerts/subject-evaluation.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import { OVERALL, type RuleState } from '../../../src/messages/alert-view.js';
import type { Stats } from '../../../src/stats/types.js';
import { rule, stats } from './fixtures.js';
import { MINUTE, T0 } from './trace.js';

/**
 * A per-source rule's calm sources are refreshed once a step (windowMs / WINDOW_STEPS), at an
 * offset of their own, so a cycle changes the stored state of a few of them, not all (issue 11:
 * the stores write the rows that changed).
 */

const WINDOW_MS = 15 * MINUTE;
const STEP_MS = WINDOW_MS / WINDOW_STEPS;
const perSource = rule({
  name: 'per-source',
  scope: 'per-source',
  windowMs: WINDOW_MS,
  baseline: { windowMs: 24 * 60 * MINUTE, factor: 3, significance: 0.0001 },
  for: 2,
});
const SOURCES = Array.from({ length: 1_000 }, (_, i) => `source-${i}`);

/** Every source at 1 of 100 in its window, with a count that moves each minute (real traffic). */
function calmWindow(minute: number): Stats {
  return stats(
    Object.fromEntries(SOURCES.map((s, i) => [s, [1, 100 + ((i + minute) % 7)] as const])),
    [],
  );
}
const baseline = stats(Object.fromEntries(SOURCES.map((s) => [s, [20, 2_000] as const])), []);

function evaluate(previous: RuleState, minute: number, window = calmWindow(minute)): RuleState {
  return evaluateRule({
    rule: perSource,
    window,
    baseline,
    previous,
    now: T0 + minute * MINUTE,
  }).state;
}

function changedSubjects(before: RuleState, after: RuleState): string[] {
  return Object.keys(after.subjects).filter(
    (s) => JSON.stringify(before.subjects[s]) !== JSON.stringify(after.subjects[s]),
  );
}

describe('learningDue', () => {
  it.each([
    { case: 'same step', subject: OVERALL, since: 0, now: STEP_MS - 1, due: false },
    { case: 'next step', subject: OVERALL, since: 0, now: STEP_MS, due: true },
    {
      case: 'one step on, mid-step',
      subject: OVERALL,
      since: STEP_MS / 2,
      now: STEP_MS,
      due: true,
    },
    { case: 'clock went back', subject: OVERALL, since: STEP_MS, now: STEP_MS - 1, due: true },
  ])('$case', ({ subject, since, now, due }) => {
    expect(learningDue(subject, WINDOW_MS, T0 + since, T0 + now)).toBe(due);
  });

  it('staggers sources over the step, and each learns once in it', () => {
    const dueAt = (subject: string) =>
      Array.from({ length: WINDOW_STEPS * 5 }, (_, m) => m).filter((m) =>
        learningDue(subject, WINDOW_MS, T0 + (m - 1) * MINUTE, T0 + m * MINUTE),
      );
    const firstDue = new Set(SOURCES.slice(0, 100).map((s) => dueAt(s)[0]));
    // 100 sources spread over every minute of the 5-minute step…
    expect([...firstDue].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([0, 1, 2, 3, 4]);
    // …and each is due once a step, a step apart.
    for (const source of SOURCES.slice(0, 20)) {
      const minutes = dueAt(source);
      expect(minutes).toHaveLength(WINDOW_STEPS);
      expect(minutes.slice(1).map((m, i) => m - (minutes[i] ?? 0))).toEqual([5, 5]);
    }
  });
});

describe('a per-source rule with 1,000 calm sources', () => {
  it('changes about a fifth of them per evaluation, so the store writes rows, not the whole state', () => {
    let state = evaluate(EMPTY_RULE_STATE, 0);
    let inRows = false;
    const shares: number[] = [];
    for (let minute = 1; minute <= 20; minute++) {
      const next = evaluate(state, minute);
      shares.push(changedSubjects(state, next).length / SOURCES.length);
      const write = ruleStateWrite(state, next, inRows);
      inRows = write.kind === 'rows';
      state = next;
    }
    // The first step after every source was new: from then on about 1 in 5 each minute.
    for (const share of shares.slice(WINDOW_STEPS)) {
      expect(share).toBeGreaterThan(0.1);
      expect(share).toBeLessThan(0.25);
    }
    expect(inRows).toBe(true);
  });

  it('keeps no trend for a calm source, and its figures are at most a step old', () => {
    let state = evaluate(EMPTY_RULE_STATE, 0);
    for (let minute = 1; minute <= 12; minute++) state = evaluate(state, minute);
    const now = T0 + 12 * MINUTE;
    for (const source of SOURCES.slice(0, 50)) {
      const s = state.subjects[source];
      expect(s?.history).toEqual([]);
      expect(s?.last?.terminal).toBeGreaterThanOrEqual(100);
      expect(now - (s?.lastEvaluatedAt ?? 0)).toBeLessThan(STEP_MS);
    }
  });

  it('follows a source that breaches every evaluation, with its trend from the breach on', () => {
    let state = evaluate(EMPTY_RULE_STATE, 0);
    for (let minute = 1; minute <= 7; minute++) state = evaluate(state, minute);
    const spiking = (minute: number) => {
      const calm = calmWindow(minute);
      return {
        ...calm,
        sourceSystems: calm.sourceSystems.map((s) =>
          s.sourceSystem === 'source-7' ? { ...s, failed: 40, succeeded: 60 } : s,
        ),
      };
    };
    const pending = evaluateRule({
      rule: perSource,
      window: spiking(8),
      baseline,
      previous: state,
      now: T0 + 8 * MINUTE,
    });
    expect(pending.state.subjects['source-7']).toMatchObject({ status: 'pending', history: [0.4] });
    const fired = evaluateRule({
      rule: perSource,
      window: spiking(9),
      baseline,
      previous: pending.state,
      now: T0 + 9 * MINUTE,
    });
    expect(fired.state.subjects['source-7']).toMatchObject({
      status: 'firing',
      history: [0.4, 0.4],
      lastEvaluatedAt: T0 + 9 * MINUTE,
    });
    expect(fired.notifications.map((n) => n.kind)).toEqual(['open']);
  });

  it('an overall rule still keeps its trend every evaluation', () => {
    const overall = rule({ baseline: perSource.baseline, for: 2 });
    let state: RuleState = EMPTY_RULE_STATE;
    for (let minute = 0; minute < 6; minute++) {
      state = evaluateRule({
        rule: overall,
        window: calmWindow(minute),
        baseline,
        previous: state,
        now: T0 + minute * MINUTE,
      }).state;
    }
    expect(state.subjects[OVERALL]?.history).toHaveLength(6);
    expect(state.subjects[OVERALL]?.lastEvaluatedAt).toBe(T0 + 5 * MINUTE);
  });
});
