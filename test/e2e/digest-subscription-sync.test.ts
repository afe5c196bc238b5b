import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openStateDb } from '../../src/state/open-state-db.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import type { BotUnderTest } from '../support/start-bot.js';
import { until } from './alerts-support.js';
import { digestsFeature, postKey, posts } from './digest-support.js';

/**
 * A subscription made (or removed) through another replica: written to the shared state DB by
 * another store, not through this bot's `/exec-stats subscribe`. The bot picks it up within a
 * sweep (shortened here to 200 ms) and posts it on schedule; once removed there, it stops.
 * SQLite stands in for the shared database: the bot reads the store the same way on both.
 */
describe('subscriptions changed through another replica', { timeout: 60_000 }, () => {
  let world: E2eWorld;
  let slack: FakeSlack;
  let bot: BotUnderTest;
  let other: Database;

  beforeEach(async () => {
    world = await startE2eWorld({
      statsHandler: simulatedStatsHandler(),
      features: (db) => {
        // The other replica's connection to the same file.
        other = openStateDb(db.name);
        return [digestsFeature(db, [], { orphanSweepMs: 200 })];
      },
    });
    ({ slack, bot } = world);
  });
  afterEach(async () => {
    await world.close();
    other.close();
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
