import type { ApiHealth } from '../../alerts/api-health.js';
import type { AlertStore, IncidentMessage, PendingNotification } from '../../alerts/store.js';
import type { AlertNotification } from '../../alerts/types.js';
import type { RuleState } from '../../messages/alert-view.js';
import { incidentMessageOf, type OutboxRow, pendingNotificationOf } from '../rows.js';
import { inTransaction, type Pool, type PoolClient } from './pool.js';

/**
 * The AlertStore on PostgreSQL (schema: migrations.ts 2 and 3), the same semantics as SQLite's
 * (src/state/sqlite-alert-store.ts): a state and the notifications it caused are written in one
 * transaction, and a notification key is queued once (`ON CONFLICT (key) DO NOTHING`). Values
 * are the engine's JSON as text; `now` only stamps rows for people reading the DB.
 */
export function createPgAlertStore(pool: Pool, now: () => number = Date.now): AlertStore {
  const queue = async (
    client: PoolClient,
    rule: string | null,
    notifications: readonly AlertNotification[],
  ) => {
    for (const n of notifications) {
      await client.query(
        `INSERT INTO alert_outbox (key, rule, notification, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO NOTHING`,
        [n.key, rule, JSON.stringify(n), now()],
      );
    }
  };

  return {
    async loadRuleState(rule) {
      const { rows } = await pool.query<{ state: string }>(
        'SELECT state FROM alert_rule_states WHERE rule = $1',
        [rule],
      );
      const row = rows[0];
      return row === undefined ? null : (JSON.parse(row.state) as RuleState);
    },
    async loadAllRuleStates() {
      // COLLATE "C": the same order as SQLite's (bytewise), whatever the database's locale.
      const { rows } = await pool.query<{ rule: string; state: string }>(
        'SELECT rule, state FROM alert_rule_states ORDER BY rule COLLATE "C"',
      );
      return new Map(rows.map((row) => [row.rule, JSON.parse(row.state) as RuleState]));
    },
    async saveRuleState(rule, state, notifications) {
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO alert_rule_states (rule, state, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (rule) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
          [rule, JSON.stringify(state), now()],
        );
        await queue(client, rule, notifications);
      });
    },
    async pendingNotifications(): Promise<PendingNotification[]> {
      const { rows } = await pool.query<OutboxRow>(
        'SELECT id, rule, notification, held_reason, held_at FROM alert_outbox ORDER BY id',
      );
      return rows.map(pendingNotificationOf);
    },
    async completeNotification(id) {
      await pool.query('DELETE FROM alert_outbox WHERE id = $1', [id]);
    },
    async holdNotification(id, reason, at) {
      await pool.query('UPDATE alert_outbox SET held_reason = $1, held_at = $2 WHERE id = $3', [
        reason,
        at,
        id,
      ]);
    },
    async loadIncidentMessage(rule, incidentId): Promise<IncidentMessage | null> {
      const { rows } = await pool.query<{ channel: string; ts: string; view: string }>(
        'SELECT channel, ts, view FROM alert_incident_messages WHERE rule = $1 AND incident_id = $2',
        [rule, incidentId],
      );
      const row = rows[0];
      if (row === undefined) return null;
      return incidentMessageOf(rule, incidentId, row);
    },
    async saveIncidentMessage(m) {
      await pool.query(
        `INSERT INTO alert_incident_messages (rule, incident_id, channel, ts, view, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (rule, incident_id) DO UPDATE SET channel = excluded.channel, ts = excluded.ts,
           view = excluded.view, updated_at = excluded.updated_at`,
        [m.rule, m.incidentId, m.channel, m.ts, JSON.stringify(m.view), now()],
      );
    },
    async loadApiHealth() {
      const { rows } = await pool.query<{ health: string }>(
        'SELECT health FROM alert_api_health WHERE id = 1',
      );
      const row = rows[0];
      return row === undefined ? null : (JSON.parse(row.health) as ApiHealth);
    },
    async saveApiHealth(health: ApiHealth, notifications) {
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO alert_api_health (id, health, updated_at) VALUES (1, $1, $2)
           ON CONFLICT (id) DO UPDATE SET health = excluded.health, updated_at = excluded.updated_at`,
          [JSON.stringify(health), now()],
        );
        await queue(client, null, notifications);
      });
    },
  };
}
