import type { Migration } from './migration.js';

/**
 * Digests: subscriptions made from Slack, the runs of every digest (claimed, done, waiting for a
 * retry), when each digest was first seen (so a new digest is not "missed" before it existed),
 * and the ledger of posts that makes every Slack post happen once (shared with alerts).
 * Times are Unix milliseconds.
 */
export const migration001: Migration = {
  version: 1,
  name: 'digests and post ledger',
  up(db) {
    db.exec(`
      CREATE TABLE digest_subscriptions (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        name TEXT NOT NULL,
        schedule TEXT NOT NULL,
        timezone TEXT NOT NULL,
        window TEXT NOT NULL,
        description TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (channel, name)
      );

      CREATE TABLE digest_first_seen (
        digest TEXT PRIMARY KEY,
        schedule TEXT NOT NULL,
        timezone TEXT NOT NULL,
        first_seen INTEGER NOT NULL
      );

      CREATE TABLE digest_runs (
        digest TEXT NOT NULL,
        scheduled_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'retry', 'done')),
        owner TEXT NOT NULL,
        outcome TEXT,
        message_ts TEXT,
        channel TEXT,
        retry_at INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (digest, scheduled_at)
      );

      CREATE TABLE post_ledger (
        key TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'posting', 'posted')),
        owner TEXT NOT NULL,
        ts TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
