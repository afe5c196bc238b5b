import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openStateDb } from '../../src/state/open-state-db.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { createStatsClient } from '../../src/stats/client.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { type BotUnderTest, startBot } from '../support/start-bot.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import { until } from './alerts-support.js';
import { digestsOnDb, postKey, posts } from './digest-support.js';

/**
 * A subscription made (or removed) through another replica: written to the shared state DB by
 * another store, not through this bot's `/exec-stats subscribe`. The bot picks it up within a
 * sweep (shortened here to 200 ms) and posts it on schedule; once removed there, it stops.
 * SQLite stands in for the shared database: the bot reads the store the same way on both.
 */
describe('subscriptions changed through another replica', { timeout: 60_000 }, () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let temp = tempDbPath();
  let bot: BotUnderTest;
  let db: Database;
  let other: Database;
  let close: () => Promise<void>;

  beforeEach(async () => {
    temp = tempDbPath();
    slack = await startFakeSlack();
    statsApi = await startStatsServer(simulatedStatsHandler());
    const feature = digestsOnDb(temp.path, [], { orphanSweepMs: 200 });
    db = feature.db;
    other = openStateDb(temp.path);
    const stats = createStatsClient({ baseUrl: statsApi.url, token: 'stats-token-for-tests' });
    bot = await startBot({ slack, stats, features: [feature.factory] });
    close = async () => {
      await bot.stop();
      await stats.close();
    };
  });
  afterEach(async () => {
    await close();
    db.close();
    other.close();
    await statsApi.close();
    await slack.close();
    temp.cleanup();
  });

  it('schedules a subscription made elsewhere within a sweep, and drops it once removed there', async () => {
    const elsewhere = createSqliteDigestStore(other);
    await elsewhere.addSubscription({
      name: 'every-2s',
      channel: 'C0SYNC0001',
      schedule: '*/2 * * * * *',
      timezone: 'UTC',
      window: '1h',
      description: 'every 2 seconds',
      createdBy: 'U0ELSEWHERE',
      createdAt: Date.now(),
    });
    const ours = () =>
      posts(slack).filter((p) => postKey(p).startsWith('digest:C0SYNC0001/every-2s:'));
    await slack.waitFor(() => ours().length >= 1, 15_000);
    expect(bot.logLines.some((l) => l.includes('made through another replica is scheduled'))).toBe(
      true,
    );

    expect(await elsewhere.removeSubscription('C0SYNC0001', 'every-2s')).toBe(true);
    await until(() => bot.logLines.some((l) => l.includes('removed through another replica')));
    const after = ours().length;
    await new Promise((resolve) => setTimeout(resolve, 4_500)); // two more ticks of its schedule
    expect(ours().length).toBeLessThanOrEqual(after + 1); // at most one run already under way
  });
});
