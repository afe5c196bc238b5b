import type { PostLedger } from '../../slack/post-once.js';
import { type PostLedgerRow, postEntryOf } from '../rows.js';
import type { Pool } from './pool.js';
import { type OwnerPresence, ownerAliveElsewhereSql } from './presence.js';

/**
 * The post ledger (see src/slack/post-once.ts) on PostgreSQL; table `post_ledger`, migration 1.
 * The same statements as SQLite's: `record` inserts unless the key exists, and `beginPosting` is a
 * compare-and-set (one UPDATE whose WHERE holds the state and owner the caller saw), so of two
 * replicas that both saw an entry, one moves it to `posting` and the other is told it lost.
 * One addition several processes need: a `posting` entry whose owner is a live process elsewhere
 * (presence.ts) is a post under way there, not an unclear answer to look up and finish: taking it
 * over is refused (postOnce answers `skipped`, its caller tries again later). Once that process is
 * gone, its entry is taken over as on SQLite. Owners of this process count as gone, as on SQLite.
 */
export function createPgPostLedger(pool: Pool, presence: OwnerPresence): PostLedger {
  return {
    async record(key, channel, owner, now) {
      await presence.register(owner);
      await pool.query(
        `INSERT INTO post_ledger (key, channel, state, owner, created_at, updated_at)
         VALUES ($1, $2, 'pending', $3, $4, $4) ON CONFLICT (key) DO NOTHING`,
        [key, channel, owner, now],
      );
      const { rows } = await pool.query<PostLedgerRow>(
        'SELECT key, channel, state, owner, ts, created_at FROM post_ledger WHERE key = $1',
        [key],
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`post ledger: no entry for ${key} after recording it`);
      return postEntryOf(row);
    },
    async beginPosting(key, owner, seen, now) {
      await presence.register(owner);
      const result = await pool.query(
        `UPDATE post_ledger SET state = 'posting', owner = $1, updated_at = $2
         WHERE key = $3 AND state = $4 AND owner = $5
           AND NOT (state = 'posting' AND owner <> $1 AND ${ownerAliveElsewhereSql('owner', '$6')})`,
        [owner, now, key, seen.state, seen.owner, presence.pid()],
      );
      return result.rowCount === 1;
    },
    async markPosted(key, ts, now) {
      await pool.query(
        `UPDATE post_ledger SET state = 'posted', ts = $1, updated_at = $2 WHERE key = $3`,
        [ts, now, key],
      );
    },
    async markPending(key, now) {
      await pool.query(
        `UPDATE post_ledger SET state = 'pending', updated_at = $1
         WHERE key = $2 AND state = 'posting'`,
        [now, key],
      );
    },
  };
}
