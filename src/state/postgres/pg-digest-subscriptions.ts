import type {
  AddSubscriptionOutcome,
  DigestSubscription,
  DigestSubscriptionMethods,
  ReplaceSubscriptionOutcome,
  SubscriptionChange,
} from '../../digests/store.js';
import { capReached, type SubscriptionLimits } from '../../digests/subscription-limits.js';
import {
  type SubscriptionChangeRow,
  type SubscriptionRow,
  subscriptionChangeOf,
  subscriptionOf,
} from '../rows.js';
import { inTransaction, type Pool, type PoolClient } from './pool.js';

const COLUMNS =
  'name, channel, schedule, timezone, "window", description, created_by, created_at, changed_by, changed_at';

/**
 * The digest subscriptions on PostgreSQL (migrations.ts 1 and 4), with SQLite's semantics
 * (sqlite-digest-subscriptions.ts): every change writes the change log in the same transaction.
 * A change that counts against the caps first locks the table against other writers (readers are
 * not held), so two replicas cannot both pass a cap.
 */
export function pgDigestSubscriptions(pool: Pool): DigestSubscriptionMethods {
  const log = (
    client: PoolClient,
    channel: string,
    name: string,
    action: string,
    change: SubscriptionChange,
  ) =>
    client.query(
      'INSERT INTO digest_changes (channel, name, action, by_user, at) VALUES ($1, $2, $3, $4, $5)',
      [channel, name, action, change.by, change.at],
    );
  /** Inserts unless the name is taken in the channel; logs it as `action` when inserted. */
  const insert = async (
    client: PoolClient,
    s: DigestSubscription,
    action: 'created' | 'updated',
  ): Promise<boolean> => {
    const change = { by: s.changedBy ?? s.createdBy, at: s.changedAt ?? s.createdAt };
    const result = await client.query(
      `INSERT INTO digest_subscriptions (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (channel, name) DO NOTHING`,
      [
        s.name,
        s.channel,
        s.schedule,
        s.timezone,
        s.window,
        s.description,
        s.createdBy,
        s.createdAt,
        change.by,
        change.at,
      ],
    );
    if (result.rowCount !== 1) return false;
    await log(client, s.channel, s.name, action, change);
    return true;
  };
  /** Whether the name is taken, and the cap `s` would go over (null: it fits). */
  const fits = async (client: PoolClient, s: DigestSubscription, limits: SubscriptionLimits) => {
    await client.query('LOCK TABLE digest_subscriptions IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await client.query<{ taken: boolean; in_channel: number; by_user: number }>(
      `SELECT
         EXISTS (SELECT 1 FROM digest_subscriptions WHERE channel = $1 AND name = $2) AS taken,
         (SELECT count(*) FROM digest_subscriptions WHERE channel = $1) AS in_channel,
         (SELECT count(*) FROM digest_subscriptions WHERE created_by = $3) AS by_user`,
      [s.channel, s.name, s.createdBy],
    );
    const counts = rows[0] ?? { taken: true, in_channel: 0, by_user: 0 };
    const cap = capReached({ inChannel: counts.in_channel, byUser: counts.by_user }, limits);
    return { taken: counts.taken, cap };
  };
  class Refused extends Error {
    constructor(readonly outcome: ReplaceSubscriptionOutcome) {
      super('refused'); // thrown inside the transaction: rolls the deletion back
    }
  }

  return {
    async listSubscriptions(channel) {
      const { rows } =
        channel === undefined
          ? await pool.query<SubscriptionRow>(
              `SELECT ${COLUMNS} FROM digest_subscriptions ORDER BY created_at, id`,
            )
          : await pool.query<SubscriptionRow>(
              `SELECT ${COLUMNS} FROM digest_subscriptions WHERE channel = $1
               ORDER BY created_at, id`,
              [channel],
            );
      return rows.map(subscriptionOf);
    },
    async addSubscription(s) {
      return inTransaction(pool, (client) => insert(client, s, 'created'));
    },
    async addSubscriptionWithin(s, limits) {
      return inTransaction(pool, async (client): Promise<AddSubscriptionOutcome> => {
        const { taken, cap } = await fits(client, s, limits);
        if (taken) return { added: false, reason: 'name-taken' };
        if (cap !== null) return { added: false, reason: 'cap', cap };
        await insert(client, s, 'created');
        return { added: true };
      });
    },
    async removeSubscription(channel, name, change) {
      return inTransaction(pool, async (client) => {
        const result = await client.query(
          'DELETE FROM digest_subscriptions WHERE channel = $1 AND name = $2',
          [channel, name],
        );
        const removed = result.rowCount === 1;
        if (removed && change !== undefined) await log(client, channel, name, 'deleted', change);
        return removed;
      });
    },
    async subscriptionChanges(channel, limit = 50) {
      const { rows } = await pool.query<SubscriptionChangeRow>(
        `SELECT channel, name, action, by_user, at FROM digest_changes WHERE channel = $1
         ORDER BY id DESC LIMIT $2`,
        [channel, limit],
      );
      return rows.map(subscriptionChangeOf);
    },
    async replaceSubscription(previous, next, limits) {
      try {
        return await inTransaction(pool, async (client): Promise<ReplaceSubscriptionOutcome> => {
          await client.query('LOCK TABLE digest_subscriptions IN SHARE ROW EXCLUSIVE MODE');
          const { rows } = await client.query<SubscriptionRow>(
            `DELETE FROM digest_subscriptions WHERE channel = $1 AND name = $2 RETURNING ${COLUMNS}`,
            [previous.channel, previous.name],
          );
          const row = rows[0];
          if (row === undefined) return { replaced: false, reason: 'missing' };
          const kept = { ...next, createdBy: row.created_by, createdAt: row.created_at };
          const { taken, cap } = await fits(client, kept, limits);
          if (taken) throw new Refused({ replaced: false, reason: 'name-taken' });
          if (cap !== null) throw new Refused({ replaced: false, reason: 'cap', cap });
          await insert(client, kept, 'updated');
          return { replaced: true };
        });
      } catch (error) {
        if (error instanceof Refused) return error.outcome;
        throw error;
      }
    },
  };
}
