import type { PoolClient } from 'pg';
import type { RuleChangeAction, RuleStore } from '../../alerts/rules/rule-store.js';
import {
  CHANGE_COLUMNS,
  RULE_COLUMNS,
  type RuleChangeRow,
  type RuleRow,
  ruleChangeOf,
  storedRuleOf,
} from '../rule-rows.js';
import { inTransaction, type Pool } from './pool.js';

/**
 * Slack-made alert rules on PostgreSQL (migrations.ts 5), shared by every replica: the semantics
 * of SQLite's (src/state/sqlite-rule-store.ts). Each change and its log line are one transaction;
 * the log's ids come from one sequence, so `version` rises with every change on any replica.
 */
export function createPgRuleStore(pool: Pool): RuleStore {
  const log = (
    client: PoolClient,
    rule: string,
    action: RuleChangeAction,
    by: string,
    at: number,
    spec: string | null,
  ) =>
    client.query(
      'INSERT INTO alert_rule_changes (rule, action, by_user, at, spec) VALUES ($1, $2, $3, $4, $5)',
      [rule, action, by, at, spec],
    );
  return {
    async listRules() {
      const { rows } = await pool.query<RuleRow>(
        `SELECT ${RULE_COLUMNS} FROM alert_rules ORDER BY created_at, name`,
      );
      return rows.map(storedRuleOf);
    },
    createRule: (spec, by, at) =>
      inTransaction(pool, async (client) => {
        const json = JSON.stringify(spec);
        const { rowCount } = await client.query(
          `INSERT INTO alert_rules (${RULE_COLUMNS}) VALUES ($1, $2, $3, $4, $3, $4)
           ON CONFLICT (name) DO NOTHING`,
          [spec.name, json, by, at],
        );
        if (rowCount !== 1) return 'name-taken' as const;
        await log(client, spec.name, 'created', by, at, json);
        return 'created' as const;
      }),
    updateRule: (spec, by, at) =>
      inTransaction(pool, async (client) => {
        const json = JSON.stringify(spec);
        const { rowCount } = await client.query(
          'UPDATE alert_rules SET spec = $1, changed_by = $2, changed_at = $3 WHERE name = $4',
          [json, by, at, spec.name],
        );
        if (rowCount !== 1) return 'not-found' as const;
        await log(client, spec.name, 'updated', by, at, json);
        return 'updated' as const;
      }),
    deleteRule: (name, by, at) =>
      inTransaction(pool, async (client) => {
        const { rows } = await client.query<RuleRow>(
          `DELETE FROM alert_rules WHERE name = $1 RETURNING ${RULE_COLUMNS}`,
          [name],
        );
        const row = rows[0];
        if (row === undefined) return null;
        await log(client, name, 'deleted', by, at, null);
        return storedRuleOf(row);
      }),
    async listChanges(limit) {
      const { rows } = await pool.query<RuleChangeRow>(
        `SELECT ${CHANGE_COLUMNS} FROM alert_rule_changes ORDER BY id DESC LIMIT $1`,
        [limit],
      );
      return rows.map(ruleChangeOf);
    },
    async version() {
      const { rows } = await pool.query<{ id: number | null }>(
        'SELECT MAX(id) AS id FROM alert_rule_changes',
      );
      return rows[0]?.id ?? 0;
    },
  };
}
