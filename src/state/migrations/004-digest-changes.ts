import type { Migration } from './migration.js';

/**
 * Who changed a digest subscription last, and when (the Home tab's "changed by @x 5 min ago"),
 * and a log of every change (created, updated, deleted) with who made it. Subscriptions made
 * before this step count as changed by their creator when they were made. Times are Unix ms.
 */
export const migration004: Migration = {
  version: 4,
  name: 'digest-changes',
  up(db) {
    db.exec(`
      ALTER TABLE digest_subscriptions ADD COLUMN changed_by TEXT;
      ALTER TABLE digest_subscriptions ADD COLUMN changed_at INTEGER;
      UPDATE digest_subscriptions SET changed_by = created_by, changed_at = created_at;

      CREATE TABLE digest_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL,
        name TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
        by_user TEXT NOT NULL,
        at INTEGER NOT NULL
      );
    `);
  },
};
