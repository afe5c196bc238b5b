import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DigestStore, DigestSubscription } from '../../../src/digests/store.js';
import { type Database, openStateDb } from '../../../src/state/open-state-db.js';
import { createSqliteDigestStore } from '../../../src/state/sqlite-digest-store.js';
import { tempDbPath } from './temp-db.js';

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

describe('the SQLite digest store', () => {
  let temp = tempDbPath();
  let db: Database;
  let store: DigestStore;
  beforeEach(() => {
    temp = tempDbPath();
    db = openStateDb(temp.path);
    store = createSqliteDigestStore(db);
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
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
    expect(await store.listSubscriptions('C2')).toEqual([subscription({ channel: 'C2' })]);
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
    expect(await add({ name: 'b', channel: 'C2' })).toEqual({ added: false, reason: 'name-taken' });
    expect(await store.listSubscriptions()).toHaveLength(5);
    // Removing one makes room again.
    await store.removeSubscription('C2', 'b');
    expect(await add({ name: 'c', channel: 'C3' })).toEqual({ added: true });
  });

  it('keeps runs and subscriptions after the file is closed and opened again', async () => {
    await store.claimRun(run, 'a', 1);
    await store.addSubscription(subscription());
    db.close();
    db = openStateDb(temp.path);
    store = createSqliteDigestStore(db);
    expect(await store.claimRun(run, 'b', 2)).toBe('resumed');
    expect(await store.listSubscriptions('C1')).toHaveLength(1);
  });
});
