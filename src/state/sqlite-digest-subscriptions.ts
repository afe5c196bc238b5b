import type { Database } from 'better-sqlite3';
import type {
  AddSubscriptionOutcome,
  DigestSubscription,
  DigestSubscriptionMethods,
  ReplaceSubscriptionOutcome,
  SubscriptionChange,
} from '../digests/store.js';
import { capReached, type SubscriptionLimits } from '../digests/subscription-limits.js';
import {
  type SubscriptionChangeRow,
  type SubscriptionRow,
  subscriptionChangeOf,
  subscriptionOf,
} from './rows.js';

/**
 * The digest subscriptions on SQLite (tables from migrations 001 and 004): each change is one
 * transaction that also writes the change log (`digest_changes`: created, updated, deleted, with
 * who and when), so the log and the subscriptions never disagree.
 */
export function sqliteDigestSubscriptions(db: Database): DigestSubscriptionMethods {
  const log = (channel: string, name: string, action: string, change: SubscriptionChange) =>
    db
      .prepare(
        'INSERT INTO digest_changes (channel, name, action, by_user, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(channel, name, action, change.by, change.at);
  const changeOf = (s: DigestSubscription): SubscriptionChange => ({
    by: s.changedBy ?? s.createdBy,
    at: s.changedAt ?? s.createdAt,
  });
  const insert = (s: DigestSubscription, action: 'created' | 'updated'): boolean => {
    const change = changeOf(s);
    const added =
      db
        .prepare(
          `INSERT INTO digest_subscriptions (channel, name, schedule, timezone, window,
             description, created_by, created_at, changed_by, changed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, name) DO NOTHING`,
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
          change.by,
          change.at,
        ).changes === 1;
    if (added) log(s.channel, s.name, action, change);
    return added;
  };
  const count = (column: 'channel' | 'created_by', value: string): number =>
    (
      db
        .prepare(`SELECT COUNT(*) AS n FROM digest_subscriptions WHERE ${column} = ?`)
        .get(value) as { n: number }
    ).n;
  const taken = (channel: string, name: string) =>
    db
      .prepare('SELECT 1 FROM digest_subscriptions WHERE channel = ? AND name = ?')
      .get(channel, name) !== undefined;
  const capFor = (s: DigestSubscription, limits: SubscriptionLimits) =>
    capReached(
      { inChannel: count('channel', s.channel), byUser: count('created_by', s.createdBy) },
      limits,
    );
  const addWithin = db.transaction(
    (s: DigestSubscription, limits: SubscriptionLimits): AddSubscriptionOutcome => {
      if (taken(s.channel, s.name)) return { added: false, reason: 'name-taken' };
      const cap = capFor(s, limits);
      if (cap !== null) return { added: false, reason: 'cap', cap };
      return insert(s, 'created') ? { added: true } : { added: false, reason: 'name-taken' };
    },
  );
  const remove = db.transaction(
    (channel: string, name: string, change: SubscriptionChange | undefined): boolean => {
      const removed =
        db
          .prepare('DELETE FROM digest_subscriptions WHERE channel = ? AND name = ?')
          .run(channel, name).changes === 1;
      if (removed && change !== undefined) log(channel, name, 'deleted', change);
      return removed;
    },
  );
  // Throwing rolls the transaction back: the previous subscription is deleted only if the
  // replacement fits.
  class Refused extends Error {
    constructor(readonly outcome: ReplaceSubscriptionOutcome) {
      super('refused');
    }
  }
  const replace = db.transaction(
    (
      previous: { channel: string; name: string },
      next: DigestSubscription,
      limits: SubscriptionLimits,
    ): ReplaceSubscriptionOutcome => {
      const row = db
        .prepare('SELECT * FROM digest_subscriptions WHERE channel = ? AND name = ?')
        .get(previous.channel, previous.name) as SubscriptionRow | undefined;
      if (row === undefined) return { replaced: false, reason: 'missing' };
      db.prepare('DELETE FROM digest_subscriptions WHERE channel = ? AND name = ?').run(
        previous.channel,
        previous.name,
      );
      const kept = { ...next, createdBy: row.created_by, createdAt: row.created_at };
      if (taken(kept.channel, kept.name))
        throw new Refused({ replaced: false, reason: 'name-taken' });
      const cap = capFor(kept, limits);
      if (cap !== null) throw new Refused({ replaced: false, reason: 'cap', cap });
      insert(kept, 'updated');
      return { replaced: true };
    },
  );

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
      return rows.map(subscriptionOf);
    },
    async addSubscription(s) {
      return db.transaction(() => insert(s, 'created'))();
    },
    async addSubscriptionWithin(s, limits) {
      return addWithin(s, limits);
    },
    async removeSubscription(channel, name, change) {
      return remove(channel, name, change);
    },
    async subscriptionChanges(channel, limit = 50) {
      const rows = db
        .prepare(
          `SELECT channel, name, action, by_user, at FROM digest_changes WHERE channel = ?
           ORDER BY id DESC LIMIT ?`,
        )
        .all(channel, limit) as SubscriptionChangeRow[];
      return rows.map(subscriptionChangeOf);
    },
    async replaceSubscription(previous, next, limits) {
      try {
        return replace(previous, next, limits);
      } catch (error) {
        if (error instanceof Refused) return error.outcome;
        throw error;
      }
    },
  };
}
