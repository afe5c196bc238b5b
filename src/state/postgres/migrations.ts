/**
 * One step of the PostgreSQL state schema: the same tables as SQLite's (src/state/migrations/),
 * in PostgreSQL's types. `version` follows the previous step's without gaps; a step that has
 * shipped is never edited, only followed by a new one. Times are Unix milliseconds (BIGINT, read
 * back as numbers: see pool.ts); engine values are JSON text, as in SQLite.
 */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Digest subscriptions, runs, first-seen instants and the post ledger (SQLite's 001). */
const digests: PgMigration = {
  version: 1,
  name: 'digests and post ledger',
  sql: `
    CREATE TABLE digest_subscriptions (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      channel TEXT NOT NULL,
      name TEXT NOT NULL,
      schedule TEXT NOT NULL,
      timezone TEXT NOT NULL,
      "window" TEXT NOT NULL,
      description TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      UNIQUE (channel, name)
    );

    CREATE TABLE digest_first_seen (
      digest TEXT PRIMARY KEY,
      schedule TEXT NOT NULL,
      timezone TEXT NOT NULL,
      first_seen BIGINT NOT NULL
    );

    CREATE TABLE digest_runs (
      digest TEXT NOT NULL,
      scheduled_at BIGINT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('claimed', 'retry', 'done')),
      owner TEXT NOT NULL,
      outcome TEXT,
      message_ts TEXT,
      channel TEXT,
      retry_at BIGINT,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (digest, scheduled_at)
    );

    CREATE TABLE post_ledger (
      key TEXT PRIMARY KEY,
      channel TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'posting', 'posted')),
      owner TEXT NOT NULL,
      ts TEXT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
  `,
};

/** Rule states, the outbox, incident root messages, the API's health (SQLite's 002). */
const alerts: PgMigration = {
  version: 2,
  name: 'alerts',
  sql: `
    CREATE TABLE alert_rule_states (
      rule TEXT PRIMARY KEY,
      state TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );

    CREATE TABLE alert_outbox (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      rule TEXT,
      notification TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );

    CREATE TABLE alert_incident_messages (
      rule TEXT NOT NULL,
      incident_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      ts TEXT NOT NULL,
      view TEXT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (rule, incident_id)
    );

    CREATE TABLE alert_api_health (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      health TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );
  `,
};

/** Notifications Slack refused for a reason only a person can fix, kept and marked (SQLite's 003). */
const heldNotifications: PgMigration = {
  version: 3,
  name: 'held-notifications',
  sql: `
    ALTER TABLE alert_outbox ADD COLUMN held_reason TEXT;
    ALTER TABLE alert_outbox ADD COLUMN held_at BIGINT;
  `,
};

/** Alert rules made in Slack and the log of their changes, with who made each (SQLite's 005). */
export const alertRules: PgMigration = {
  version: 5,
  name: 'alert-rules',
  sql: `
    CREATE TABLE alert_rules (
      name TEXT PRIMARY KEY,
      spec TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      changed_by TEXT NOT NULL,
      changed_at BIGINT NOT NULL
    );

    CREATE TABLE alert_rule_changes (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      rule TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
      by_user TEXT NOT NULL,
      at BIGINT NOT NULL,
      spec TEXT
    );
  `,
};

/**
 * Per-source alert state written incrementally: a rule's subjects in rows of their own when few
 * of many changed (SQLite's 006). States written whole, as all were before, stay valid as they are.
 */
const subjectStates: PgMigration = {
  version: 6,
  name: 'subject-states',
  sql: `
    CREATE TABLE alert_subject_states (
      rule TEXT NOT NULL,
      subject TEXT NOT NULL,
      state TEXT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (rule, subject)
    );
  `,
};

/** Who changed a digest subscription last and when, and the log of changes (SQLite's 004). */
const digestChanges: PgMigration = {
  version: 4,
  name: 'digest-changes',
  sql: `
    ALTER TABLE digest_subscriptions ADD COLUMN changed_by TEXT;
    ALTER TABLE digest_subscriptions ADD COLUMN changed_at BIGINT;
    UPDATE digest_subscriptions SET changed_by = created_by, changed_at = created_at;

    CREATE TABLE digest_changes (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      channel TEXT NOT NULL,
      name TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
      by_user TEXT NOT NULL,
      at BIGINT NOT NULL
    );
  `,
};

/** Every step, in order. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  digests,
  alerts,
  heldNotifications,
  digestChanges,
  alertRules,
  subjectStates,
];
