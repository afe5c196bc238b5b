import type { Migration } from './migration.js';

/**
 * Alert notifications Slack refused for a reason only a person can fix (the bot is not in the
 * channel, a revoked token) stay in the outbox, marked held with Slack's error code and since
 * when, instead of being dropped: they are posted once the bot is invited, with the incident's
 * current figures.
 */
export const migration003: Migration = {
  version: 3,
  name: 'held-notifications',
  up(db) {
    db.exec(`
      ALTER TABLE alert_outbox ADD COLUMN held_reason TEXT;
      ALTER TABLE alert_outbox ADD COLUMN held_at INTEGER;
    `);
  },
};
