import type { Clock } from '../clock.js';
import type { AlertRuleConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { IncidentView } from '../messages/alert-view.js';
import { incidentKey } from './engine.js';
import type { RuleSet } from './rule-set.js';
import { checkRuleSpec, type RuleProblem } from './rule-spec.js';
import type { RuleSpec } from './rule-store.js';
import type { Serial } from './serial.js';
import type { AlertStore } from './store.js';
import { type AlertNotification, EMPTY_RULE_STATE } from './types.js';

/**
 * Creating, editing and deleting a Slack-made rule: the same check as a YAML rule, a name that no
 * YAML or stored rule has (compared ignoring case, as `/exec-stats mute` finds rules), every change
 * logged with who made it. The scheduler needs no signal: the rule set notices the store's new
 * version at the next cycle. Who may do this is decided by the caller (the permission check).
 */

export interface RuleChangeDeps {
  readonly ruleSet: RuleSet;
  readonly alertStore: Pick<AlertStore, 'loadRuleState' | 'saveRuleState' | 'loadIncidentMessage'>;
  readonly serial: Serial;
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
 * Deletes a Slack-made rule. An incident it has open is closed as a recovery would close it (a
 * reply in its thread, the root marked resolved), so no thread is left "firing" forever; its
 * state is cleared, so a new rule of the same name starts afresh. False when there was no such rule.
 */
export async function deleteRule(deps: RuleChangeDeps, name: string, by: string): Promise<boolean> {
  const store = deps.ruleSet.store;
  if (store === null) return false;
  const now = deps.clock.now();
  const removed = await store.deleteRule(name, by, now);
  if (removed === null) return false;
  deps.logger.info('alert rule deleted', { rule: name, by });
  await deps.serial(async () => {
    const state = await deps.alertStore.loadRuleState(name);
    if (state === null) return;
    const incident = state.incident;
    const notifications: AlertNotification[] = [];
    if (incident?.announced === true) {
      const root = await deps.alertStore.loadIncidentMessage(name, incident.id);
      if (root !== null) {
        notifications.push({
          kind: 'resolved',
          key: incidentKey(name, incident.id, `deleted:${now}`),
          channel: root.channel,
          view: closedView(root.view, now),
        });
      }
    }
    await deps.alertStore.saveRuleState(name, EMPTY_RULE_STATE, notifications);
  });
  deps.ruleSet.changed(by);
  return true;
}

function closedView(view: IncidentView, now: number): IncidentView {
  return {
    ...view,
    status: 'resolved',
    resolvedAt: now,
    subjects: view.subjects.map((s) => ({ ...s, firing: false })),
  };
}

function refused(field: RuleProblem['field'], message: string): SaveRuleOutcome {
  return { ok: false, problems: [{ field, message }] };
}
