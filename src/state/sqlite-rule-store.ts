import type { Database } from 'better-sqlite3';
import type { RuleChangeAction, RuleSpec, RuleStore } from '../alerts/rules/rule-store.js';
import {
  CHANGE_COLUMNS,
  RULE_COLUMNS,
  type RuleChangeRow,
  type RuleRow,
  ruleChangeOf,
  storedRuleOf,
} from './rule-rows.js';

/**
 * Slack-made alert rules on SQLite (tables from migration 005). Each change and its log line are
 * written in one transaction, so the log never misses a change and never names one that failed.
 */
export function createSqliteRuleStore(db: Database): RuleStore {
  const log = (
    rule: string,
    action: RuleChangeAction,
    by: string,
    at: number,
    spec: string | null,
  ) =>
    db
      .prepare(
        'INSERT INTO alert_rule_changes (rule, action, by_user, at, spec) VALUES (?, ?, ?, ?, ?)',
      )
      .run(rule, action, by, at, spec);
  const create = db.transaction((spec: RuleSpec, by: string, at: number) => {
    const json = JSON.stringify(spec);
    const inserted = db
      .prepare(
        `INSERT INTO alert_rules (${RULE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO NOTHING`,
      )
      .run(spec.name, json, by, at, by, at).changes;
    if (inserted === 0) return 'name-taken' as const;
    log(spec.name, 'created', by, at, json);
    return 'created' as const;
  });
  const update = db.transaction((spec: RuleSpec, by: string, at: number) => {
    const json = JSON.stringify(spec);
    const changed = db
      .prepare('UPDATE alert_rules SET spec = ?, changed_by = ?, changed_at = ? WHERE name = ?')
      .run(json, by, at, spec.name).changes;
    if (changed === 0) return 'not-found' as const;
    log(spec.name, 'updated', by, at, json);
    return 'updated' as const;
  });
  const remove = db.transaction((name: string, by: string, at: number) => {
    const row = db.prepare(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE name = ?`).get(name) as
      | RuleRow
      | undefined;
    if (row === undefined) return null;
    db.prepare('DELETE FROM alert_rules WHERE name = ?').run(name);
    log(name, 'deleted', by, at, null);
    return storedRuleOf(row);
  });
  return {
    async listRules() {
      const rows = db
        .prepare(`SELECT ${RULE_COLUMNS} FROM alert_rules ORDER BY created_at, rowid`)
        .all() as RuleRow[];
      return rows.map(storedRuleOf);
    },
    createRule: async (spec, by, at) => create(spec, by, at),
    updateRule: async (spec, by, at) => update(spec, by, at),
    deleteRule: async (name, by, at) => remove(name, by, at),
    async listChanges(limit) {
      const rows = db
        .prepare(`SELECT ${CHANGE_COLUMNS} FROM alert_rule_changes ORDER BY id DESC LIMIT ?`)
        .all(limit) as RuleChangeRow[];
      return rows.map(ruleChangeOf);
    },
    async version() {
      const row = db.prepare('SELECT MAX(id) AS id FROM alert_rule_changes').get() as {
        id: number | null;
      };
      return row.id ?? 0;
    },
  };
}
