import type { AlertRuleConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import type { IncidentView, RuleState } from '../../messages/alert-view.js';
import { incidentKey } from '../engine.js';
import type { Serial } from '../serial.js';
import type { AlertStore } from '../store.js';
import { type AlertNotification, EMPTY_RULE_STATE } from '../types.js';

/**
 * What is left of rules that are no longer in force (a Slack-made rule deleted, on any replica):
 * the replica that evaluates the rules closes each one's open incident as a recovery would (a reply
 * in its thread, the root marked resolved) and forgets its state, so no thread stays "firing"
 * forever and a new rule of the same name starts afresh. Done by the cycle, serialised with the
 * evaluation, so a cycle that was evaluating the rule while it was deleted cannot bring its
 * incident back. An incident whose root is still being posted is left to the next cycle.
 */

export interface RemovedRulesDeps {
  readonly store: Pick<
    AlertStore,
    'saveRuleState' | 'loadIncidentMessage' | 'pendingNotifications' | 'loadRuleState'
  >;
  readonly serial: Serial;
  readonly logger: Logger;
}

/** Closes what rules not in `rules` left; returns the rule names it closed or reset. */
export async function closeRemovedRules(
  deps: RemovedRulesDeps,
  rules: readonly AlertRuleConfig[],
  states: ReadonlyMap<string, RuleState>,
  now: number,
): Promise<string[]> {
  const inForce = new Set(rules.map((r) => r.name));
  const left = [...states].filter(([name, state]) => !inForce.has(name) && !isEmpty(state));
  if (left.length === 0) return [];
  const pending = new Set((await deps.store.pendingNotifications()).map((p) => p.rule));
  const closed: string[] = [];
  for (const [name] of left) {
    const done = await deps.serial(async () => {
      const state = await deps.store.loadRuleState(name);
      if (state === null || isEmpty(state)) return false;
      const incident = state.incident;
      const notifications: AlertNotification[] = [];
      if (incident?.announced === true) {
        const root = await deps.store.loadIncidentMessage(name, incident.id);
        // Its root is still on its way to Slack: close it once it is there.
        if (root === null && pending.has(name)) return false;
        if (root !== null) {
          notifications.push({
            kind: 'resolved',
            key: incidentKey(name, incident.id, `removed:${now}`),
            channel: root.channel,
            view: closedView(root.view, now),
          });
        }
      }
      await deps.store.saveRuleState(name, EMPTY_RULE_STATE, notifications);
      return true;
    });
    if (done) {
      closed.push(name);
      deps.logger.info('alert rule no longer in force: its state cleared', {
        rule: name,
        incidentClosed: states.get(name)?.incident != null,
      });
    }
  }
  return closed;
}

function isEmpty(state: RuleState): boolean {
  return (
    state.incident === null &&
    Object.keys(state.subjects).length === 0 &&
    Object.keys(state.mutes).length === 0 &&
    (state.recent ?? null) === null
  );
}

function closedView(view: IncidentView, now: number): IncidentView {
  return {
    ...view,
    status: 'resolved',
    resolvedAt: now,
    subjects: view.subjects.map((s) => ({ ...s, firing: false })),
  };
}
