import type { ClaimOutcome, DigestStore, PendingRetry } from '../../digests/store.js';
import { pgDigestSubscriptions } from './pg-digest-subscriptions.js';
import { inTransaction, type Pool } from './pool.js';
import { type OwnerPresence, ownerAliveElsewhereSql } from './presence.js';

/**
 * The digest store on PostgreSQL (tables from migrations.ts 1; subscriptions in
 * pg-digest-subscriptions.ts), shared by every replica. The
 * semantics are SQLite's (src/state/sqlite-digest-store.ts), with one addition that several
 * processes need: a run claimed by another owner is `resumed` only when that owner's process has
 * gone (its presence lock is free, see presence.ts); while it lives, the claim answers `busy`, so two
 * replicas ticking at once run a digest once. Owners of this very process count as gone, as on SQLite
 * (a new owner id is a new start).
 */
export function createPgDigestStore(pool: Pool, presence: OwnerPresence): DigestStore {
  return {
    ...pgDigestSubscriptions(pool),
    async firstSeen(digest, schedule, timezone, now) {
      return inTransaction(pool, async (client) => {
        // Inserted, or replaced when the schedule or zone changed; either way the row is locked
        // until commit, so the SELECT reads what this statement left.
        const { rows } = await client.query<{ first_seen: number }>(
          `INSERT INTO digest_first_seen (digest, schedule, timezone, first_seen)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (digest) DO UPDATE SET schedule = excluded.schedule,
             timezone = excluded.timezone, first_seen = excluded.first_seen
           WHERE digest_first_seen.schedule <> excluded.schedule
              OR digest_first_seen.timezone <> excluded.timezone
           RETURNING first_seen`,
          [digest, schedule, timezone, now],
        );
        if (rows[0] !== undefined) return rows[0].first_seen;
        const kept = await client.query<{ first_seen: number }>(
          'SELECT first_seen FROM digest_first_seen WHERE digest = $1',
          [digest],
        );
        return kept.rows[0]?.first_seen ?? now;
      });
    },
    async lastRunAt(digest) {
      const { rows } = await pool.query<{ at: number | null }>(
        'SELECT max(scheduled_at) AS at FROM digest_runs WHERE digest = $1',
        [digest],
      );
      return rows[0]?.at ?? null;
    },
    async claimRun(run, owner, now) {
      // Alive before the claim is visible: another replica never sees our claim with no owner.
      await presence.register(owner);
      return inTransaction(pool, async (client): Promise<ClaimOutcome> => {
        const inserted = await client.query(
          `INSERT INTO digest_runs (digest, scheduled_at, state, owner, updated_at)
           VALUES ($1, $2, 'claimed', $3, $4) ON CONFLICT (digest, scheduled_at) DO NOTHING`,
          [run.digest, run.scheduledAt, owner, now],
        );
        if (inserted.rowCount === 1) return 'claimed';
        const { rows } = await client.query<{
          state: string;
          owner: string;
          alive_elsewhere: boolean;
        }>(
          `SELECT state, owner, ${ownerAliveElsewhereSql('owner', '$3')} AS alive_elsewhere
           FROM digest_runs WHERE digest = $1 AND scheduled_at = $2 FOR UPDATE`,
          [run.digest, run.scheduledAt, presence.pid()],
        );
        const row = rows[0];
        if (row === undefined) return 'busy'; // released between the two statements: tick again
        if (row.state !== 'claimed') return 'done';
        if (row.owner === owner || row.alive_elsewhere) return 'busy';
        await client.query(
          `UPDATE digest_runs SET owner = $1, updated_at = $2
           WHERE digest = $3 AND scheduled_at = $4`,
          [owner, now, run.digest, run.scheduledAt],
        );
        return 'resumed';
      });
    },
    async orphanedRuns(since) {
      // NULL as "this process": an owner alive anywhere, here too, is not an orphan.
      const { rows } = await pool.query<{ digest: string; scheduled_at: number }>(
        `SELECT digest, scheduled_at FROM digest_runs
         WHERE state = 'claimed' AND scheduled_at >= $1
           AND NOT ${ownerAliveElsewhereSql('owner', '$2')}
         ORDER BY scheduled_at, digest`,
        [since, null],
      );
      return rows.map((row) => ({ digest: row.digest, scheduledAt: row.scheduled_at }));
    },
    async finishRun(run, result, now) {
      await pool.query(
        `UPDATE digest_runs SET state = $1, outcome = $2, channel = $3, message_ts = $4,
           retry_at = $5, updated_at = $6
         WHERE digest = $7 AND scheduled_at = $8`,
        [
          result.retryAt === null ? 'done' : 'retry',
          result.outcome,
          result.channel,
          result.messageTs,
          result.retryAt,
          now,
          run.digest,
          run.scheduledAt,
        ],
      );
    },
    async pendingRetries() {
      const { rows } = await pool.query<{
        digest: string;
        scheduled_at: number;
        channel: string | null;
        message_ts: string | null;
        retry_at: number | null;
      }>(
        `SELECT digest, scheduled_at, channel, message_ts, retry_at FROM digest_runs
         WHERE state = 'retry' ORDER BY retry_at NULLS FIRST`,
      );
      return rows.map(
        (row): PendingRetry => ({
          digest: row.digest,
          scheduledAt: row.scheduled_at,
          channel: row.channel ?? '',
          messageTs: row.message_ts,
          retryAt: row.retry_at ?? 0,
        }),
      );
    },
    async finishRetry(run, outcome, now) {
      const result = await pool.query(
        `UPDATE digest_runs SET state = 'done', outcome = $1, updated_at = $2
         WHERE digest = $3 AND scheduled_at = $4 AND state = 'retry'`,
        [outcome, now, run.digest, run.scheduledAt],
      );
      return result.rowCount === 1;
    },
    async releaseRun(run, owner) {
      await pool.query(
        `DELETE FROM digest_runs
         WHERE digest = $1 AND scheduled_at = $2 AND state = 'claimed' AND owner = $3`,
        [run.digest, run.scheduledAt, owner],
      );
    },
  };
}
