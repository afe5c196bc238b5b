import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { DigestsFeatureOptions } from '../../src/digests/feature.js';
import type { DigestStore } from '../../src/digests/store.js';
import type { FeatureFactory } from '../../src/features/feature.js';
import { openStateDb } from '../../src/state/open-state-db.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { createStatsClient } from '../../src/stats/client.js';
import { messageText } from '../support/e2e-harness.js';
import { type FakeSlack, type SlackFault, startFakeSlack } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { startBot } from '../support/start-bot.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import {
  type Crash,
  crashing,
  digest,
  digestsOnDb,
  postKey,
  posts,
  serveHistory,
} from './digest-support.js';

/**
 * Restarts on one DB file: a bot stopped or abandoned mid-run, then a new one started. The
 * clock is fixed (yesterday, so the stats API has data), and the schedule runs once a year on
 * that date, so node-cron never fires during the test: every post here comes from catch-up.
 */
const DUE = Date.parse('2026-11-27T09:00:00Z');
const config = digest({ name: 'ops-daily', schedule: '0 9 27 11 *', window: '24h' });
const KEY = `digest:ops-daily:${new Date(DUE).toISOString()}`;

describe('digests across restarts on the same DB file', () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let temp = tempDbPath();
  const stats = () => createStatsClient({ baseUrl: statsApi.url, token: 'stats-token-for-tests' });

  beforeEach(async () => {
    temp = tempDbPath();
    slack = await startFakeSlack();
    serveHistory(slack);
    statsApi = await startStatsServer(simulatedStatsHandler());
  });
  afterEach(async () => {
    await statsApi.close();
    await slack.close();
    temp.cleanup();
  });

  /**
   * Starts a bot at `at` on the DB file, waits until its catch-up reached `until` (the run done,
   * or its post "crashed" mid-way), stops it (stop waits for catch-up work still under way, and
   * gives up on a crashed one after a moment); returns its logs.
   */
  async function runBot(
    at: string,
    until: 'done' | 'retry' | 'crashed' | 'nothing-due',
    wrap: (f: FeatureFactory) => FeatureFactory = (f) => f,
    options: Partial<DigestsFeatureOptions> = {},
  ) {
    const { factory, db } = digestsOnDb(temp.path, [config], {
      stopTimeoutMs: until === 'crashed' ? 300 : 5_000,
      ...options,
    });
    const client = stats();
    const bot = await startBot({
      slack,
      stats: client,
      clock: fixedClock(at),
      features: [wrap(factory)],
    });
    const reached = () => {
      const run = db.prepare('SELECT state FROM digest_runs').get() as
        | { state: string }
        | undefined;
      const post = db.prepare('SELECT state FROM post_ledger').get() as
        | { state: string }
        | undefined;
      if (until === 'crashed') return post?.state === 'posting';
      return run?.state === until;
    };
    if (until !== 'nothing-due') {
      const deadline = Date.now() + 10_000;
      while (!reached() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    }
    await bot.stop();
    await client.close();
    db.close();
    return bot.logLines;
  }

  /** The digest has been configured since the day before, as a running bot would have recorded. */
  async function seenSince(at: string) {
    const { db } = digestsOnDb(temp.path, []);
    await createSqliteDigestStore(db).firstSeen(
      config.name,
      config.schedule,
      config.timezone,
      Date.parse(at),
    );
    db.close();
  }

  it.each<Crash>(['before-slack', 'after-slack'])(
    'a bot killed between claim and post (%s): the next start posts it exactly once',
    async (crash) => {
      await seenSince('2026-11-26T12:00:00Z');
      await runBot('2026-11-27T09:00:01Z', 'crashed', (f) => crashing(f, crash));
      expect(posts(slack)).toHaveLength(crash === 'after-slack' ? 1 : 0);

      const logs = await runBot('2026-11-27T09:05:00Z', 'done');
      expect(posts(slack).map(postKey)).toEqual([KEY]);
      expect(logs.some((line) => line.includes('resuming a run'))).toBe(true);
      if (crash === 'after-slack') {
        expect(logs.some((line) => line.includes('post found in the channel'))).toBe(true);
      } else {
        expect(messageText(posts(slack)[0]?.args ?? {})).toContain('*posted late*');
      }

      await runBot('2026-11-27T09:10:00Z', 'nothing-due');
      expect(posts(slack).map(postKey)).toEqual([KEY]);
    },
  );

  it('a bot started again after a missed run posts it once, marked late; again: nothing', async () => {
    await runBot('2026-11-27T08:00:00Z', 'nothing-due'); // running before 09:00: the digest is known from then
    expect(posts(slack)).toHaveLength(0);
    await runBot('2026-11-27T15:00:00Z', 'done'); // down over 09:00, back the same period
    expect(posts(slack).map(postKey)).toEqual([KEY]);
    const text = messageText(posts(slack)[0]?.args ?? {});
    expect(text).toContain('*posted late*: it was due Fri 27 Nov 09:00 UTC');
    await runBot('2026-11-27T16:00:00Z', 'nothing-due');
    expect(posts(slack)).toHaveLength(1);
  });

  it('a retry still waiting when the bot stopped runs on the next start, editing the message', async () => {
    await seenSince('2026-11-26T12:00:00Z');
    statsApi.setHandler(() => ({
      status: 400,
      body: { code: 400, message: 'down', requestId: 'r1' },
    }));
    await runBot('2026-11-27T09:00:01Z', 'retry');
    expect(messageText(posts(slack)[0]?.args ?? {})).toContain('Stats unavailable');
    statsApi.setHandler(simulatedStatsHandler());
    await runBot('2026-11-27T09:10:00Z', 'done');
    const updates = slack.calls.filter((c) => c.method === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.ts).toBe('1800000000.000001');
    expect(messageText(updates[0]?.args ?? {})).toContain('Compared with the previous 24 hours');
    expect(posts(slack)).toHaveLength(1);
  });

  it('a post rate-limited by Slack (429, Retry-After) is tried again after Retry-After and lands once', async () => {
    await seenSince('2026-11-26T12:00:00Z');
    let limited = false;
    const answered: number[] = [];
    slack.onMethod('chat.postMessage', (args) => {
      if (!limited) {
        limited = true;
        answered.push(429);
        return {
          status: 429,
          headers: { 'retry-after': '1' },
          body: { ok: false, error: 'ratelimited' },
        };
      }
      answered.push(200);
      return { body: { ok: true, channel: args.channel, ts: '1800000000.000009' } };
    });
    await runBot('2026-11-27T09:00:01Z', 'done');
    expect(answered).toEqual([429, 200]);
    expect(new Set(posts(slack).map(postKey))).toEqual(new Set([KEY]));
  });

  it.each<SlackFault>([
    { kind: 'stored-then-status', status: 500 },
    { kind: 'stored-then-drop' },
    { kind: 'status', status: 503 },
  ])(
    'Slack answers a digest post with $kind: retried in the same run, found or posted, once',
    async (fault) => {
      await seenSince('2026-11-26T12:00:00Z');
      slack.fault('chat.postMessage', fault, 1);
      const logs = await runBot('2026-11-27T09:00:01Z', 'done');
      expect(new Set(posts(slack).map(postKey))).toEqual(new Set([KEY]));
      const stored = fault.kind.startsWith('stored-');
      // Stored: the one attempt is the post, found again by its key. Not stored: posted on the retry.
      expect(posts(slack)).toHaveLength(stored ? 1 : 2);
      expect(logs.some((line) => line.includes('post found in the channel'))).toBe(stored);
      expect(logs.some((line) => line.includes('digest not posted yet; trying again'))).toBe(true);
    },
  );

  it('a run whose claim failed (the state DB down a moment) is caught up again by the same rules: posted once, said once', async () => {
    await seenSince('2026-11-26T12:00:00Z');
    const other = openStateDb(temp.path);
    const real = createSqliteDigestStore(other);
    let failures = 2;
    const flaky: DigestStore = {
      ...real,
      async claimRun(run, owner, now) {
        if (failures-- > 0) throw new Error('SQLITE_BUSY: database is locked');
        return real.claimRun(run, owner, now);
      },
    };
    const logs = await runBot('2026-11-27T09:00:01Z', 'done', (f) => f, {
      store: flaky,
      catchUpRetryMs: 100,
    });
    other.close();
    expect(posts(slack).map(postKey)).toEqual([KEY]);
    expect(logs.filter((line) => line.includes('a digest run failed; said once'))).toHaveLength(1);
    expect(logs.some((line) => line.includes('a digest run works again'))).toBe(true);
  });

  it('a digest configured after its latest run is not "missed" on its first start', async () => {
    await runBot('2026-11-27T15:00:00Z', 'nothing-due');
    expect(posts(slack)).toHaveLength(0);
  });
});
