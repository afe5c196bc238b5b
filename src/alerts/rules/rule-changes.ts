import type { Clock } from '../../clock.js';
import type { AlertRuleConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import type { RuleSet } from './rule-set.js';
import { checkRuleSpec, type RuleProblem } from './rule-spec.js';
import type { RuleSpec } from './rule-store.js';

/**
 * Creating, editing and deleting a Slack-made rule: the same check as a YAML rule, a name that no
 * YAML or stored rule has (compared ignoring case, as `/exec-stats mute` finds rules), every change
 * logged with who made it. The scheduler needs no signal: the rule set notices the store's new
 * version at the next cycle. Who may do this is decided by the caller (the permission check).
 */

export interface RuleChangeDeps {
  readonly ruleSet: RuleSet;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type SaveRuleOutcome =
  | { readonly ok: true; readonly rule: AlertRuleConfig }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

export async function saveRule(
  deps: RuleChangeDeps,
  spec: RuleSpec,
  mode: 'create' | 'edit',
  by: string,
): Promise<SaveRuleOutcome> {
  const store = deps.ruleSet.store;
  if (store === null) return refused('rule', 'rules cannot be stored: this bot has no state DB');
  const checked = checkRuleSpec(spec);
  if (!checked.ok) return checked;
  const name = checked.rule.name;
  const same = (r: AlertRuleConfig) => r.name.toLowerCase() === name.toLowerCase();
  if (deps.ruleSet.configRules.some(same)) {
    return refused(
      'name',
      `"${name}" is the name of a rule in exec-stats.yml; choose another name`,
    );
  }
  const saved = { ...spec, name };
  const now = deps.clock.now();
  if (mode === 'create') {
    const others = await deps.ruleSet.rules();
    if (others.some(same) || (await store.createRule(saved, by, now)) === 'name-taken') {
      return refused('name', `"${name}" is already the name of a rule; choose another name`);
    }
  } else if ((await store.updateRule(saved, by, now)) === 'not-found') {
    return refused('name', `"${name}" was deleted meanwhile; close this and create it again`);
  }
  deps.logger.info(mode === 'create' ? 'alert rule created' : 'alert rule changed', {
    rule: name,
    by,
    spec: saved,
  });
  deps.ruleSet.changed(by);
  return { ok: true, rule: checked.rule };
}

/**
 * Deletes a Slack-made rule. What it leaves (an open incident, its state) is closed by the replica
 * that evaluates the rules, at its next cycle (removed-rules.ts). False when there was no such rule.
 */
export async function deleteRule(deps: RuleChangeDeps, name: string, by: string): Promise<boolean> {
  const store = deps.ruleSet.store;
  if (store === null) return false;
  const removed = await store.deleteRule(name, by, deps.clock.now());
  if (removed === null) return false;
  deps.logger.info('alert rule deleted', { rule: name, by });
  deps.ruleSet.changed(by);
  return true;
}

function refused(field: RuleProblem['field'], message: string): SaveRuleOutcome {
  return { ok: false, problems: [{ field, message }] };
}
