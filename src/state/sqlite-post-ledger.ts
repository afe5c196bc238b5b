import type { Database } from 'better-sqlite3';
import type { PostLedger } from '../slack/post-once.js';
import { type PostLedgerRow, postEntryOf } from './rows.js';

/** The post ledger (see src/slack/post-once.ts) on SQLite; table `post_ledger`, migration 001. */
export function createSqlitePostLedger(db: Database): PostLedger {
  const select = db.prepare('SELECT * FROM post_ledger WHERE key = ?');
  return {
    async record(key, channel, owner, now) {
      db.prepare(
        `INSERT INTO post_ledger (key, channel, state, owner, created_at, updated_at)
         VALUES (?, ?, 'pending', ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
      ).run(key, channel, owner, now, now);
      return postEntryOf(select.get(key) as PostLedgerRow);
    },
    async beginPosting(key, owner, seen, now) {
      const result = db
        .prepare(
          `UPDATE post_ledger SET state = 'posting', owner = ?, updated_at = ?
           WHERE key = ? AND state = ? AND owner = ?`,
        )
        .run(owner, now, key, seen.state, seen.owner);
      return result.changes === 1;
    },
    async markPosted(key, ts, now) {
      db.prepare(
        `UPDATE post_ledger SET state = 'posted', ts = ?, updated_at = ? WHERE key = ?`,
      ).run(ts, now, key);
    },
    async markPending(key, now) {
      db.prepare(
        `UPDATE post_ledger SET state = 'pending', updated_at = ? WHERE key = ? AND state = 'posting'`,
      ).run(now, key);
    },
  };
}
