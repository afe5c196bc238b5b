import type { Migration } from './migration.js';

/**
 * Alerts: each rule's engine state (JSON, as the pure engine defines it), the outbox of
 * notifications decided but not yet delivered (written in the same transaction as the state that
 * caused them), each incident's root message, and the stats API's health. Slack posts themselves
 * go through the shared post_ledger. Times are Unix milliseconds.
 */
export const migration002: Migration = {
  version: 2,
  name: 'alerts',
  up(db) {
    db.exec(`
      CREATE TABLE alert_rule_states (
        rule TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE alert_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        rule TEXT,
        notification TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE alert_incident_messages (
        rule TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        ts TEXT NOT NULL,
        view TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (rule, incident_id)
      );

      CREATE TABLE alert_api_health (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        health TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
