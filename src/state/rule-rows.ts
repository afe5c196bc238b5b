import type { RuleChange, RuleSpec, StoredRule } from '../alerts/rules/rule-store.js';

/**
 * Rows of the rule tables (migration 005) as both state DBs return them, turned into what the
 * RuleStore promises: one mapping, so SQLite and PostgreSQL cannot drift apart. The spec is kept
 * as JSON text and checked again when the rules are loaded (alerts/rules/rule-spec.ts).
 */

export interface RuleRow {
  name: string;
  spec: string;
  created_by: string;
  created_at: number;
  changed_by: string;
  changed_at: number;
}

export interface RuleChangeRow {
  rule: string;
  action: RuleChange['action'];
  by_user: string;
  at: number;
  spec: string | null;
}

export const RULE_COLUMNS = 'name, spec, created_by, created_at, changed_by, changed_at';
export const CHANGE_COLUMNS = 'rule, action, by_user, at, spec';

export const storedRuleOf = (row: RuleRow): StoredRule => ({
  spec: JSON.parse(row.spec) as RuleSpec,
  createdBy: row.created_by,
  createdAt: row.created_at,
  changedBy: row.changed_by,
  changedAt: row.changed_at,
});

export const ruleChangeOf = (row: RuleChangeRow): RuleChange => ({
  rule: row.rule,
  action: row.action,
  by: row.by_user,
  at: row.at,
  spec: row.spec === null ? null : (JSON.parse(row.spec) as RuleSpec),
});
