import type { Database } from 'better-sqlite3';
import type {
  AddSubscriptionOutcome,
  ClaimOutcome,
  DigestStore,
  DigestSubscription,
  PendingRetry,
  RunKey,
  RunResult,
} from '../digests/store.js';
import { capReached, type SubscriptionLimits } from '../digests/subscription-limits.js';

interface SubscriptionRow {
  name: string;
  channel: string;
  schedule: string;
  timezone: string;
  window: string;
  description: string;
  created_by: string;
  created_at: number;
}

interface RunRow {
  state: 'claimed' | 'retry' | 'done';
  owner: string;
}

/**
 * The digest store on SQLite (tables from migration 001). better-sqlite3 is synchronous, and each
 * method is one statement or one transaction, so a claim is atomic: two ticks for the same run
 * cannot both get it.
 */
export function createSqliteDigestStore(db: Database): DigestStore {
  const toSubscription = (row: SubscriptionRow): DigestSubscription => ({
    name: row.name,
    channel: row.channel,
    schedule: row.schedule,
    timezone: row.timezone,
    window: row.window,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
  });
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
  const insert = (s: DigestSubscription): boolean =>
    db
      .prepare(
        `INSERT INTO digest_subscriptions
           (channel, name, schedule, timezone, window, description, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, name) DO NOTHING`,
      )
      .run(
        s.channel,
        s.name,
        s.schedule,
        s.timezone,
        s.window,
        s.description,
        s.createdBy,
        s.createdAt,
      ).changes === 1;
  const count = (column: 'channel' | 'created_by', value: string): number =>
    (
      db
        .prepare(`SELECT COUNT(*) AS n FROM digest_subscriptions WHERE ${column} = ?`)
        .get(value) as { n: number }
    ).n;
  const addWithin = db.transaction(
    (s: DigestSubscription, limits: SubscriptionLimits): AddSubscriptionOutcome => {
      const taken = db
        .prepare('SELECT 1 FROM digest_subscriptions WHERE channel = ? AND name = ?')
        .get(s.channel, s.name);
      if (taken !== undefined) return { added: false, reason: 'name-taken' };
      const cap = capReached(
        { inChannel: count('channel', s.channel), byUser: count('created_by', s.createdBy) },
        limits,
      );
      if (cap !== null) return { added: false, reason: 'cap', cap };
      return insert(s) ? { added: true } : { added: false, reason: 'name-taken' };
    },
  );
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
    async listSubscriptions(channel) {
      const rows = (
        channel === undefined
          ? db.prepare('SELECT * FROM digest_subscriptions ORDER BY created_at, id').all()
          : db
              .prepare(
                'SELECT * FROM digest_subscriptions WHERE channel = ? ORDER BY created_at, id',
              )
              .all(channel)
      ) as SubscriptionRow[];
      return rows.map(toSubscription);
    },
    async addSubscription(s) {
      return insert(s);
    },
    async addSubscriptionWithin(s, limits) {
      return addWithin(s, limits);
    },
    async removeSubscription(channel, name) {
      const result = db
        .prepare('DELETE FROM digest_subscriptions WHERE channel = ? AND name = ?')
        .run(channel, name);
      return result.changes === 1;
    },
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
