import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { fromConfig } from '../../../src/digests/digest.js';
import { retryRun, type UpdateClient } from '../../../src/digests/retry-run.js';
import { digestFetch, type RunDeps } from '../../../src/digests/run-digest.js';
import { silentLogger } from '../../../src/logging/logger.js';
import type { Block } from '../../../src/messages/message.js';
import { type Database, openStateDb } from '../../../src/state/open-state-db.js';
import { createSqliteDigestStore } from '../../../src/state/sqlite-digest-store.js';
import { createSqlitePostLedger } from '../../../src/state/sqlite-post-ledger.js';
import { createCachedSource } from '../../../src/stats/cached-source.js';
import { stats } from '../messages/fixtures.js';
import { tempDbPath } from '../state/temp-db.js';

const DUE = Date.parse('2026-11-28T09:00:00Z');
const digest = fromConfig({
  name: 'ops',
  channel: 'C1',
  schedule: '0 9 * * *',
  timezone: 'UTC',
  window: '24h',
});
const run = { digest: 'ops', scheduledAt: DUE };

describe('the one retry after "stats unavailable"', () => {
  let temp = tempDbPath();
  let db: Database;
  let updates: Array<{ ts: string; text: string; blocks: Block[] }>;
  let statsFail: boolean;
  let deps: RunDeps & { client: UpdateClient };
  const clock = fixedClock(DUE + 300_000);

  beforeEach(async () => {
    temp = tempDbPath();
    db = openStateDb(temp.path);
    updates = [];
    statsFail = false;
    const store = createSqliteDigestStore(db);
    await store.claimRun(run, 'me', DUE);
    await store.finishRun(
      run,
      { outcome: 'unavailable', channel: 'C1', messageTs: '1.1', retryAt: DUE + 300_000 },
      DUE,
    );
    const source = {
      getStats: async () => {
        if (statsFail) throw new Error('down');
        return stats();
      },
    };
    const client = {
      chat: {
        postMessage: async () => ({ ok: true, ts: 'unused' }),
        update: async (args: { ts: string; text: string; blocks: Block[] }) => {
          updates.push(args);
          return { ok: true };
        },
      },
      conversations: { history: async () => ({}), replies: async () => ({}) },
    };
    deps = {
      store,
      ledger: createSqlitePostLedger(db),
      client,
      owner: 'me',
      clock,
      logger: silentLogger,
      fetchStats: digestFetch(createCachedSource(source, { clock })),
      executionUrlTemplate: 'https://x.example/{executionId}',
      retryAt: (_d, _s, now) => now,
    };
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('edits the message into the full digest and ends the retry', async () => {
    const [pending] = await deps.store.pendingRetries();
    if (pending === undefined) throw new Error('no pending retry');
    expect(await retryRun(digest, pending, deps)).toBe('retried');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.ts).toBe('1.1');
    expect(updates[0]?.text).toContain('compared with the previous 24 hours');
    expect(await deps.store.pendingRetries()).toEqual([]);
  });

  it('says the retry failed too when the API is still down, and gives up', async () => {
    statsFail = true;
    const [pending] = await deps.store.pendingRetries();
    if (pending === undefined) throw new Error('no pending retry');
    expect(await retryRun(digest, pending, deps)).toBe('unavailable-after-retry');
    expect(JSON.stringify(updates[0]?.blocks)).toContain('The retry failed too');
    expect(await deps.store.pendingRetries()).toEqual([]);
  });
});
