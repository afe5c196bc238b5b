import type { Migration } from './migration.js';

/**
 * Alert rules made in Slack (the rule modal): each rule's spec as JSON (the YAML file's keys),
 * who created it and who changed it last, and a log of every change with who made it. The log's
 * last id is the rules' version, which replicas compare to notice a change. Times are Unix ms.
 */
export const migration005: Migration = {
  version: 5,
  name: 'alert-rules',
  up(db) {
    db.exec(`
      CREATE TABLE alert_rules (
        name TEXT PRIMARY KEY,
        spec TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at INTEGER NOT NULL
      );

      CREATE TABLE alert_rule_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
        by_user TEXT NOT NULL,
        at INTEGER NOT NULL,
        spec TEXT
      );
    `);
  },
};
