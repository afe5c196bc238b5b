import { evaluateRule } from '../../../src/alerts/engine.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import type { AlertRuleConfig } from '../../../src/config/config.js';
import type { RuleState } from '../../../src/messages/alert-view.js';
import type { Stats } from '../../../src/stats/types.js';

export const T0 = Date.UTC(2026, 10, 2, 9, 0);
export const MINUTE = 60_000;

/** The id of an incident opened at evaluation `step` (one evaluation a minute from T0). */
export function incidentAt(step: number): string {
  return (T0 + step * MINUTE).toString(36);
}

export interface TraceStep {
  readonly window: Stats;
  readonly baseline?: Stats;
  /** Applied to the state before this evaluation (a button press, a command). */
  readonly before?: (state: RuleState, now: number) => RuleState;
}

/**
 * Runs evaluations one minute apart and returns, per evaluation, its notifications as short
 * strings: `kind key-suffix [subjects]`, e.g. `open alert:spike:<id>:root`.
 */
export function trace(
  rule: AlertRuleConfig,
  steps: readonly TraceStep[],
): { lines: string[][]; state: RuleState } {
  let state: RuleState = EMPTY_RULE_STATE;
  const lines: string[][] = [];
  steps.forEach((step, i) => {
    const now = T0 + i * MINUTE;
    if (step.before) state = step.before(state, now);
    const result = evaluateRule({
      rule,
      window: step.window,
      baseline: step.baseline ?? null,
      previous: state,
      now,
    });
    state = result.state;
    lines.push(
      result.notifications.map((n) =>
        'subjects' in n ? `${n.kind} ${n.key} [${n.subjects.join(',')}]` : `${n.kind} ${n.key}`,
      ),
    );
  });
  return { lines, state };
}
