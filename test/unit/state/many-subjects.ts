import { evaluateRule } from '../../../src/alerts/engine.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import type { RuleState } from '../../../src/messages/alert-view.js';
import { rule, stats } from '../alerts/fixtures.js';
import { T0 } from '../alerts/trace.js';

/** Source system `i`'s name: src-0000, src-0001, … */
export const sourceName = (i: number) => `src-${String(i).padStart(4, '0')}`;

/**
 * The state of a per-source rule after a few cycles over `count` source systems, as the engine
 * makes it (figures, a trend line of 4 rates): the first source firing, the rest quiet.
 */
export function manySubjectsState(count: number): RuleState {
  const perSource = rule({ name: 'per-source', scope: 'per-source' });
  const window = stats(
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [sourceName(i), i === 0 ? [30, 60] : [1, 80]]),
    ),
  );
  let state = EMPTY_RULE_STATE;
  for (let cycle = 0; cycle < 4; cycle++) {
    state = evaluateRule({
      rule: perSource,
      window,
      baseline: null,
      previous: state,
      now: T0 + cycle * 60_000,
    }).state;
  }
  return state;
}

/** `state` with one subject's figures changed, as one cycle changes one source. */
export function withOneChanged(state: RuleState, subject: string, now: number): RuleState {
  const old = state.subjects[subject];
  if (old === undefined) throw new Error(`no subject ${subject}`);
  return {
    ...state,
    subjects: {
      ...state.subjects,
      [subject]: { ...old, lastEvaluatedAt: now, history: [...old.history, 0.5] },
    },
  };
}

/** `state` without `subject`, as the engine forgets a quiet source. */
export function without(state: RuleState, subject: string): RuleState {
  const { [subject]: _gone, ...subjects } = state.subjects;
  return { ...state, subjects };
}
