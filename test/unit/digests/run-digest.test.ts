import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { fromConfig } from '../../../src/digests/digest.js';
import {
  digestFetch,
  type RunDeps,
  runDigest,
  runPostKey,
} from '../../../src/digests/run-digest.js';
import { silentLogger } from '../../../src/logging/logger.js';
import type { PostMessageClient } from '../../../src/slack/post-once.js';
import { type Database, openStateDb } from '../../../src/state/open-state-db.js';
import { createSqliteDigestStore } from '../../../src/state/sqlite-digest-store.js';
import { createSqlitePostLedger } from '../../../src/state/sqlite-post-ledger.js';
import { createCachedSource } from '../../../src/stats/cached-source.js';
import { StatsHttpError } from '../../../src/stats/errors.js';
import type { StatsQuery, StatsSource } from '../../../src/stats/types.js';
import { stats } from '../messages/fixtures.js';
import { tempDbPath } from '../state/temp-db.js';

const DUE = Date.parse('2026-11-28T09:00:00Z');
const daily = (name: string, overrides = {}) =>
  fromConfig({
    name,
    channel: `C-${name}`,
    schedule: '0 9 * * *',
    timezone: 'Europe/Berlin',
    window: 'yesterday',
    ...overrides,
  });

describe('one digest run', () => {
  let temp = tempDbPath();
  let db: Database;
  let queries: StatsQuery[];
  let failStats: boolean;
  let posted: Array<{ channel: string; text: string }>;
  let deps: RunDeps;
  const clock = fixedClock(DUE + 2_000);

  beforeEach(() => {
    temp = tempDbPath();
    db = openStateDb(temp.path);
    queries = [];
    failStats = false;
    posted = [];
    const source: StatsSource = {
      async getStats(query) {
        queries.push(query);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (failStats) throw new StatsHttpError('GET stats', { status: 503 } as never);
        return stats();
      },
    };
    const client: PostMessageClient = {
      chat: {
        async postMessage(args) {
          if (args.channel === 'C-gone') {
            throw Object.assign(new Error('x'), {
              data: { ok: false, error: 'channel_not_found' },
            });
          }
          posted.push({ channel: args.channel, text: args.text });
          return { ok: true, ts: `1.${posted.length}` };
        },
      },
      conversations: {
        history: async () => ({ messages: [] }),
        replies: async () => ({ messages: [] }),
      },
    };
    deps = {
      store: createSqliteDigestStore(db),
      ledger: createSqlitePostLedger(db),
      client,
      owner: 'me',
      clock,
      logger: silentLogger,
      fetchStats: digestFetch(createCachedSource(source, { clock })),
      executionUrlTemplate: 'https://x.example/{executionId}',
      retryAt: (_d, _s, now) => now + 300_000,
    };
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('computes "yesterday" in the digest zone at the scheduled time, with the day before', async () => {
    expect(await runDigest(daily('a'), DUE, deps)).toBe('posted');
    expect(
      queries.map((q) => [new Date(q.from).toISOString(), new Date(q.to).toISOString()]),
    ).toEqual([
      ['2026-11-26T23:00:00.000Z', '2026-11-27T23:00:00.000Z'],
      ['2026-11-25T23:00:00.000Z', '2026-11-26T23:00:00.000Z'],
    ]);
  });

  it('shares the fetch between digests due at the same moment with the same window', async () => {
    const outcomes = await Promise.all([
      runDigest(daily('a'), DUE, deps),
      runDigest(daily('b'), DUE, deps),
      runDigest(daily('c', { window: '24h' }), DUE, deps),
    ]);
    expect(outcomes).toEqual(['posted', 'posted', 'posted']);
    expect(queries).toHaveLength(4); // yesterday + the day before; 24h + the 24h before
    expect(posted.map((p) => p.channel).sort()).toEqual(['C-a', 'C-b', 'C-c']);
  });

  it('never posts twice for overlapping ticks or a second run of the same key', async () => {
    const [first, second] = await Promise.all([
      runDigest(daily('a'), DUE, deps),
      runDigest(daily('a'), DUE, deps),
    ]);
    expect([first, second].sort()).toEqual(['busy', 'posted']);
    expect(await runDigest(daily('a'), DUE, deps)).toBe('done-before');
    expect(posted).toHaveLength(1);
  });

  it('a Slack error is its own digest’s: logged and recorded, the other digest posts', async () => {
    const outcomes = await Promise.all([
      runDigest(daily('gone', { channel: 'C-gone' }), DUE, deps),
      runDigest(daily('a'), DUE, deps),
    ]);
    expect(outcomes).toEqual(['slack-error', 'posted']);
    expect(db.prepare("SELECT outcome FROM digest_runs WHERE digest = 'gone'").get()).toEqual({
      outcome: 'slack-error:channel_not_found',
    });
  });

  it('a stats failure posts "stats unavailable" and leaves the run waiting for its retry', async () => {
    failStats = true;
    expect(await runDigest(daily('a'), DUE, deps)).toBe('unavailable');
    expect(posted[0]?.text).toContain('stats unavailable');
    expect(await deps.store.pendingRetries()).toEqual([
      {
        digest: 'a',
        scheduledAt: DUE,
        channel: 'C-a',
        messageTs: '1.1',
        retryAt: clock.now() + 300_000,
      },
    ]);
    expect(runPostKey({ digest: 'a', scheduledAt: DUE })).toBe('digest:a:2026-11-28T09:00:00.000Z');
  });
});
