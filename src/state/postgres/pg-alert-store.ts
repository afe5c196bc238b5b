import type { ApiHealth } from '../../alerts/api-health.js';
import {
  type RuleStateWrite,
  ruleStateOf,
  ruleStateWrite,
} from '../../alerts/source-state-diff.js';
import type { AlertStore, IncidentMessage, PendingNotification } from '../../alerts/store.js';
import type { AlertNotification } from '../../alerts/types.js';
import type { RuleState, SubjectState } from '../../messages/alert-view.js';
import { incidentMessageOf, type OutboxRow, pendingNotificationOf } from '../rows.js';
import { inTransaction, type Pool, type PoolClient } from './pool.js';

/** Rules' rows (subject null) and their subject rows, read in one statement (one snapshot). */
const ALL_STATE_ROWS = `
  SELECT rule, NULL AS subject, state FROM alert_rule_states
  UNION ALL
  SELECT rule, subject, state FROM alert_subject_states`;
const STATE_ROWS = `
  SELECT rule, NULL AS subject, state FROM alert_rule_states WHERE rule = $1
  UNION ALL
  SELECT rule, subject, state FROM alert_subject_states WHERE rule = $1`;

interface StateRow {
  readonly rule: string;
  readonly subject: string | null;
  readonly state: string;
}

/**
 * The AlertStore on PostgreSQL (schema: migrations.ts 2, 3 and 6), the same semantics as SQLite's
 * (src/state/sqlite-alert-store.ts): a state and the notifications it caused are written in one
 * transaction, and a notification key is queued once (`ON CONFLICT (key) DO NOTHING`). A rule's
 * state is written whole into its row, or its head there and a row per subject, of which a save
 * writes those that changed (one statement for all): whichever costs less
 * (alerts/source-state-diff.ts). Values are the engine's JSON as text; `now` only stamps rows for
 * people reading the DB.
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

  const apply = async (client: PoolClient, rule: string, write: RuleStateWrite) => {
    const at = now();
    if (write.kind === 'whole') {
      // One round trip: any subject rows of the rule go with the whole state's write.
      await client.query(
        `WITH gone AS (DELETE FROM alert_subject_states WHERE rule = $1)
         INSERT INTO alert_rule_states (rule, state, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (rule) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        [rule, write.json, at],
      );
      return;
    }
    await client.query(
      `INSERT INTO alert_rule_states (rule, state, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (rule) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [rule, write.head, at],
    );
    if (write.upserts.length > 0) {
      await client.query(
        `INSERT INTO alert_subject_states (rule, subject, state, updated_at)
         SELECT $1, s.subject, s.state, $4 FROM unnest($2::text[], $3::text[]) AS s(subject, state)
         ON CONFLICT (rule, subject) DO UPDATE SET state = excluded.state,
           updated_at = excluded.updated_at`,
        [
          rule,
          write.upserts.map(([subject]) => subject),
          write.upserts.map(([, json]) => json),
          at,
        ],
      );
    }
    if (write.removed.length > 0) {
      await client.query(
        'DELETE FROM alert_subject_states WHERE rule = $1 AND subject = ANY($2::text[])',
        [rule, write.removed],
      );
    }
  };

  return {
    async loadRuleState(rule) {
      const { rows } = await pool.query<StateRow>(STATE_ROWS, [rule]);
      return statesOf(rows).get(rule) ?? null;
    },
    async loadAllRuleStates() {
      const { rows } = await pool.query<StateRow>(ALL_STATE_ROWS);
      return statesOf(rows);
    },
    async saveRuleState(rule, state, notifications, previous) {
      await inTransaction(pool, async (client) => {
        let base = previous;
        if (base === undefined) {
          const { rows } = await client.query<StateRow>(STATE_ROWS, [rule]);
          base = statesOf(rows).get(rule) ?? null;
        }
        // Written whole (most often) or as rows; only rows depend on where the subjects are now.
        let write = ruleStateWrite(base, state, true);
        if (write.kind === 'rows') {
          const probe = await client.query(
            'SELECT 1 FROM alert_subject_states WHERE rule = $1 LIMIT 1',
            [rule],
          );
          if (probe.rows.length === 0) write = ruleStateWrite(base, state, false);
        }
        await apply(client, rule, write);
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

/**
 * The states the rows make up, by rule in bytewise order of their names (SQLite's order, whatever
 * the database's locale); subjects without their rule's row (none: they are written together) are
 * left out.
 */
function statesOf(rows: readonly StateRow[]): Map<string, RuleState> {
  const heads = new Map<string, RuleState>();
  const subjects = new Map<string, [string, SubjectState][]>();
  for (const row of rows) {
    if (row.subject === null) {
      heads.set(row.rule, JSON.parse(row.state) as RuleState);
      continue;
    }
    const list = subjects.get(row.rule) ?? [];
    list.push([row.subject, JSON.parse(row.state) as SubjectState]);
    subjects.set(row.rule, list);
  }
  const rules = [...heads.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return new Map(
    rules.map((rule) => [
      rule,
      ruleStateOf(heads.get(rule) as RuleState, subjects.get(rule) ?? []),
    ]),
  );
}
