import type { Database } from 'better-sqlite3';
import type {
  ClaimOutcome,
  DigestStore,
  PendingRetry,
  RunKey,
  RunResult,
} from '../digests/store.js';
import { sqliteDigestSubscriptions } from './sqlite-digest-subscriptions.js';

interface RunRow {
  state: 'claimed' | 'retry' | 'done';
  owner: string;
}

/**
 * The digest store on SQLite (tables from migration 001; subscriptions in
 * sqlite-digest-subscriptions.ts). better-sqlite3 is synchronous, and each
 * method is one statement or one transaction, so a claim is atomic: two ticks for the same run
 * cannot both get it.
 */
export function createSqliteDigestStore(db: Database): DigestStore {
  const claim = db.transaction((run: RunKey, owner: string, now: number): ClaimOutcome => {
    const row = db
      .prepare('SELECT state, owner FROM digest_runs WHERE digest = ? AND scheduled_at = ?')
      .get(run.digest, run.scheduledAt) as RunRow | undefined;
    if (row === undefined) {
      db.prepare(
        `INSERT INTO digest_runs (digest, scheduled_at, state, owner, updated_at)
         VALUES (?, ?, 'claimed', ?, ?)`,
      ).run(run.digest, run.scheduledAt, owner, now);
      return 'claimed';
    }
    if (row.state !== 'claimed') return 'done';
    if (row.owner === owner) return 'busy';
    db.prepare(
      'UPDATE digest_runs SET owner = ?, updated_at = ? WHERE digest = ? AND scheduled_at = ?',
    ).run(owner, now, run.digest, run.scheduledAt);
    return 'resumed';
  });
  const seen = db.transaction((digest: string, schedule: string, zone: string, now: number) => {
    const row = db
      .prepare('SELECT schedule, timezone, first_seen FROM digest_first_seen WHERE digest = ?')
      .get(digest) as { schedule: string; timezone: string; first_seen: number } | undefined;
    if (row !== undefined && row.schedule === schedule && row.timezone === zone) {
      return row.first_seen;
    }
    db.prepare(
      `INSERT INTO digest_first_seen (digest, schedule, timezone, first_seen) VALUES (?, ?, ?, ?)
       ON CONFLICT (digest) DO UPDATE SET schedule = excluded.schedule,
         timezone = excluded.timezone, first_seen = excluded.first_seen`,
    ).run(digest, schedule, zone, now);
    return now;
  });

  return {
    ...sqliteDigestSubscriptions(db),
    async firstSeen(digest, schedule, timezone, now) {
      return seen(digest, schedule, timezone, now);
    },
    async lastRunAt(digest) {
      const row = db
        .prepare('SELECT MAX(scheduled_at) AS at FROM digest_runs WHERE digest = ?')
        .get(digest) as { at: number | null };
      return row.at;
    },
    async claimRun(run, owner, now) {
      return claim(run, owner, now);
    },
    async orphanedRuns() {
      // One process per file (the state DB lock): every claimed run is this process's own, or was
      // left by a previous one, which the catch-up at start resumes.
      return [];
    },
    async finishRun(run, result: RunResult, now) {
      db.prepare(
        `UPDATE digest_runs SET state = ?, outcome = ?, channel = ?, message_ts = ?, retry_at = ?,
           updated_at = ? WHERE digest = ? AND scheduled_at = ?`,
      ).run(
        result.retryAt === null ? 'done' : 'retry',
        result.outcome,
        result.channel,
        result.messageTs,
        result.retryAt,
        now,
        run.digest,
        run.scheduledAt,
      );
    },
    async pendingRetries() {
      const rows = db
        .prepare(
          `SELECT digest, scheduled_at, channel, message_ts, retry_at FROM digest_runs
           WHERE state = 'retry' ORDER BY retry_at`,
        )
        .all() as Array<{
        digest: string;
        scheduled_at: number;
        channel: string | null;
        message_ts: string | null;
        retry_at: number | null;
      }>;
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
      const result = db
        .prepare(
          `UPDATE digest_runs SET state = 'done', outcome = ?, updated_at = ?
           WHERE digest = ? AND scheduled_at = ? AND state = 'retry'`,
        )
        .run(outcome, now, run.digest, run.scheduledAt);
      return result.changes === 1;
    },
    async releaseRun(run, owner) {
      db.prepare(
        `DELETE FROM digest_runs WHERE digest = ? AND scheduled_at = ? AND state = 'claimed' AND owner = ?`,
      ).run(run.digest, run.scheduledAt, owner);
    },
  };
}
