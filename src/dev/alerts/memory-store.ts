import type { ApiHealth } from '../../alerts/api-health.js';
import type { AlertStore, IncidentMessage, PendingNotification } from '../../alerts/store.js';
import type { RuleState } from '../../messages/alert-view.js';

/** An AlertStore in memory: for replay and unit tests (nothing survives the process). */
export function createMemoryAlertStore(): AlertStore {
  const states = new Map<string, RuleState>();
  const outbox: PendingNotification[] = [];
  const messages = new Map<string, IncidentMessage>();
  let health: ApiHealth | null = null;
  let nextId = 1;
  const queue = (rule: string | null, notifications: PendingNotification['notification'][]) => {
    for (const notification of notifications) {
      if (outbox.some((p) => p.notification.key === notification.key)) continue;
      outbox.push({ id: nextId++, rule, notification, held: null });
    }
  };
  return {
    loadRuleState: async (rule) => states.get(rule) ?? null,
    loadAllRuleStates: async () => new Map(states),
    async saveRuleState(rule, state, notifications) {
      states.set(rule, state);
      queue(rule, [...notifications]);
    },
    pendingNotifications: async () => [...outbox],
    async completeNotification(id) {
      const index = outbox.findIndex((p) => p.id === id);
      if (index !== -1) outbox.splice(index, 1);
    },
    async holdNotification(id, reason, since) {
      const index = outbox.findIndex((p) => p.id === id);
      const item = outbox[index];
      if (item !== undefined) outbox[index] = { ...item, held: { reason, since } };
    },
    loadIncidentMessage: async (rule, incidentId) => messages.get(`${rule}\n${incidentId}`) ?? null,
    async saveIncidentMessage(message) {
      messages.set(`${message.rule}\n${message.incidentId}`, message);
    },
    loadApiHealth: async () => health,
    async saveApiHealth(next, notifications) {
      health = next;
      queue(null, [...notifications]);
    },
  };
}
