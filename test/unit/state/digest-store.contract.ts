import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DigestStore, DigestSubscription } from '../../../src/digests/store.js';
import type { ContractBackend, ContractDb } from './backends.js';

const run = { digest: 'ops-daily', scheduledAt: Date.parse('2026-11-28T09:00:00Z') };
const subscription = (overrides: Partial<DigestSubscription> = {}): DigestSubscription => ({
  name: 'daily-0900',
  channel: 'C1',
  schedule: '0 9 * * *',
  timezone: 'Europe/Berlin',
  window: '24h',
  description: 'daily at 09:00, window 24h',
  createdBy: 'U1',
  createdAt: 1,
  ...overrides,
});

/** What every DigestStore must do, whichever database holds it. */
export function digestStoreContract(backend: ContractBackend): void {
  describe(`the ${backend.name} digest store`, () => {
    let db: ContractDb;
    let store: DigestStore;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      db = await backend.fresh();
      store = (await db.open()).digests;
    });
    afterEach(() => db.dispose());

    it('never calls a run of this process orphaned, nor a finished one', async () => {
      expect(await store.claimRun(run, 'a', 1)).toBe('claimed');
      expect(await store.orphanedRuns(0)).toEqual([]);
      await store.finishRun(
        run,
        { outcome: 'posted', channel: 'C1', messageTs: '1.1', retryAt: null },
        2,
      );
      expect(await store.orphanedRuns(0)).toEqual([]);
    });

    it('claims a run once per process, and lets a later process resume an unfinished one', async () => {
      expect(await store.claimRun(run, 'a', 1)).toBe('claimed');
      expect(await store.claimRun(run, 'a', 2)).toBe('busy');
      expect(await store.claimRun(run, 'b', 3)).toBe('resumed');
      await store.finishRun(
        run,
        { outcome: 'posted', channel: 'C1', messageTs: '1.1', retryAt: null },
        4,
      );
      expect(await store.claimRun(run, 'c', 5)).toBe('done');
      expect(await store.lastRunAt('ops-daily')).toBe(run.scheduledAt);
      expect(await store.lastRunAt('other')).toBeNull();
    });

    it('keeps a run that waits for its retry out of new claims, and ends the retry once', async () => {
      await store.claimRun(run, 'a', 1);
      await store.finishRun(
        run,
        { outcome: 'unavailable', channel: 'C1', messageTs: '1.2', retryAt: 99 },
        2,
      );
      expect(await store.claimRun(run, 'b', 3)).toBe('done');
      expect(await store.pendingRetries()).toEqual([
        { ...run, channel: 'C1', messageTs: '1.2', retryAt: 99 },
      ]);
      expect(await store.finishRetry(run, 'retried', 4)).toBe(true);
      expect(await store.finishRetry(run, 'retried', 5)).toBe(false);
      expect(await store.pendingRetries()).toEqual([]);
    });

    it('lets a released run be claimed again at once, and releases only its owner’s claim', async () => {
      await store.claimRun(run, 'a', 1);
      await store.releaseRun(run, 'b');
      expect(await store.claimRun(run, 'a', 2)).toBe('busy');
      await store.releaseRun(run, 'a');
      expect(await store.lastRunAt('ops-daily')).toBeNull();
      expect(await store.claimRun(run, 'b', 3)).toBe('claimed');
    });

    it('records when a digest was first seen, again when its schedule changes', async () => {
      expect(await store.firstSeen('d', '0 9 * * *', 'UTC', 100)).toBe(100);
      expect(await store.firstSeen('d', '0 9 * * *', 'UTC', 200)).toBe(100);
      expect(await store.firstSeen('d', '0 10 * * *', 'UTC', 300)).toBe(300);
      expect(await store.firstSeen('d', '0 10 * * *', 'Europe/Berlin', 400)).toBe(400);
    });

    it('stores subscriptions per channel, names unique within a channel', async () => {
      expect(await store.addSubscription(subscription())).toBe(true);
      expect(await store.addSubscription(subscription())).toBe(false);
      expect(await store.addSubscription(subscription({ channel: 'C2' }))).toBe(true);
      expect((await store.listSubscriptions('C1')).map((s) => s.channel)).toEqual(['C1']);
      expect(await store.listSubscriptions()).toHaveLength(2);
      expect(await store.removeSubscription('C1', 'daily-0900')).toBe(true);
      expect(await store.removeSubscription('C1', 'daily-0900')).toBe(false);
      expect(await store.listSubscriptions('C2')).toEqual([
        subscription({ channel: 'C2', changedBy: 'U1', changedAt: 1 }),
      ]);
    });

    it('says who changed a subscription last and when, and logs every change with who made it', async () => {
      const limits = { perChannel: 5, perUser: 10 };
      await store.addSubscriptionWithin(subscription({ createdBy: 'U1', createdAt: 10 }), limits);
      const edited = subscription({
        name: 'weekdays',
        schedule: '0 9 * * 1-5',
        createdBy: 'U9', // an edit never changes who made it
        createdAt: 99,
        changedBy: 'U2',
        changedAt: 20,
      });
      expect(
        await store.replaceSubscription({ channel: 'C1', name: 'daily-0900' }, edited, limits),
      ).toEqual({ replaced: true });
      expect(await store.listSubscriptions('C1')).toEqual([
        { ...edited, createdBy: 'U1', createdAt: 10 },
      ]);
      expect(await store.removeSubscription('C1', 'weekdays', { by: 'U3', at: 30 })).toBe(true);
      expect(await store.subscriptionChanges('C1')).toEqual([
        { channel: 'C1', name: 'weekdays', action: 'deleted', by: 'U3', at: 30 },
        { channel: 'C1', name: 'weekdays', action: 'updated', by: 'U2', at: 20 },
        { channel: 'C1', name: 'daily-0900', action: 'created', by: 'U1', at: 10 },
      ]);
      expect(await store.subscriptionChanges('C2')).toEqual([]);
    });

    it('replaces a subscription only if the new one fits: name free, caps counted without the old one', async () => {
      const limits = { perChannel: 1, perUser: 10 };
      await store.addSubscriptionWithin(subscription({ name: 'a' }), limits);
      await store.addSubscriptionWithin(subscription({ name: 'b', channel: 'C2' }), limits);
      const to = (overrides: Partial<DigestSubscription>) =>
        subscription({ changedBy: 'U2', changedAt: 5, ...overrides });
      // Same channel, new name: the cap of 1 counts the old one as gone.
      expect(
        await store.replaceSubscription({ channel: 'C1', name: 'a' }, to({ name: 'a2' }), limits),
      ).toEqual({ replaced: true });
      // Into C2, which is full: refused, and nothing changed.
      expect(
        await store.replaceSubscription(
          { channel: 'C1', name: 'a2' },
          to({ name: 'x', channel: 'C2' }),
          limits,
        ),
      ).toEqual({ replaced: false, reason: 'cap', cap: { cap: 'channel', limit: 1 } });
      expect(
        await store.replaceSubscription(
          { channel: 'C1', name: 'a2' },
          to({ name: 'b', channel: 'C2' }),
          { perChannel: 5, perUser: 10 },
        ),
      ).toEqual({ replaced: false, reason: 'name-taken' });
      const names = (await store.listSubscriptions()).map((s) => `${s.channel}/${s.name}`);
      expect(names.sort()).toEqual(['C1/a2', 'C2/b']);
      expect(
        await store.replaceSubscription({ channel: 'C1', name: 'gone' }, to({}), limits),
      ).toEqual({ replaced: false, reason: 'missing' });
    });

    it('adds a subscription within the caps per channel and per person, in one step', async () => {
      const limits = { perChannel: 2, perUser: 3 };
      const add = (overrides: Partial<DigestSubscription>) =>
        store.addSubscriptionWithin(subscription(overrides), limits);
      expect(await add({ name: 'a' })).toEqual({ added: true });
      expect(await add({ name: 'a' })).toEqual({ added: false, reason: 'name-taken' });
      expect(await add({ name: 'b', createdBy: 'U2' })).toEqual({ added: true });
      expect(await add({ name: 'c' })).toEqual({
        added: false,
        reason: 'cap',
        cap: { cap: 'channel', limit: 2 },
      });
      expect(await add({ name: 'a', channel: 'C2' })).toEqual({ added: true });
      expect(await add({ name: 'b', channel: 'C2' })).toEqual({ added: true });
      expect(await add({ name: 'a', channel: 'C3' })).toEqual({
        added: false,
        reason: 'cap',
        cap: { cap: 'user', limit: 3 },
      });
      // Another person is not held by U1's cap; a name taken is said before a cap.
      expect(await add({ name: 'a', channel: 'C3', createdBy: 'U3' })).toEqual({ added: true });
      expect(await add({ name: 'b', channel: 'C2' })).toEqual({
        added: false,
        reason: 'name-taken',
      });
      expect(await store.listSubscriptions()).toHaveLength(5);
      // Removing one makes room again.
      await store.removeSubscription('C2', 'b');
      expect(await add({ name: 'c', channel: 'C3' })).toEqual({ added: true });
    });

    it('lets only one of many adds at the same moment pass a cap', async () => {
      const limits = { perChannel: 1, perUser: 10 };
      const outcomes = await Promise.all(
        ['a', 'b', 'c', 'd'].map((name) =>
          store.addSubscriptionWithin(subscription({ name }), limits),
        ),
      );
      expect(outcomes.filter((o) => o.added)).toHaveLength(1);
      expect(await store.listSubscriptions('C1')).toHaveLength(1);
    });

    it('keeps runs and subscriptions after the file is closed and opened again', async () => {
      await store.claimRun(run, 'a', 1);
      await store.addSubscription(subscription());
      await db.close();
      store = (await db.open()).digests;
      expect(await store.claimRun(run, 'b', 2)).toBe('resumed');
      expect(await store.listSubscriptions('C1')).toHaveLength(1);
    });
  });
}
