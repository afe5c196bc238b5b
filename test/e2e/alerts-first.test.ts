import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { createStatsClient } from '../../src/stats/client.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { startBot } from '../support/start-bot.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import { ALERT_CHANNEL, alertsOnDb, spikeBody } from './alerts-support.js';
import { digest, digestsOnDb } from './digest-support.js';

/**
 * Ten digests and a firing alert want the same channel at the same moment. Slack takes about one
 * message a second per channel, so the bot paces them; the alert must not wait behind the digests.
 * The digests are caught up at start (due 09:00, the bot starts 09:00:01, fixed clock); the
 * alert's stats answer is held back 500 ms so that every digest is already queued when it comes.
 */
const DIGESTS = Array.from({ length: 10 }, (_, i) =>
  digest({ name: `digest-${i}`, channel: ALERT_CHANNEL, schedule: '0 9 27 11 *' }),
);
const HOUR = 3_600_000;

describe('a burst of digests does not hold up an alert in the same channel', () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let temp = tempDbPath();

  beforeEach(async () => {
    temp = tempDbPath();
    slack = await startFakeSlack();
    const simulated = simulatedStatsHandler();
    statsApi = await startStatsServer((call, index) => {
      const { from, to } = call.query;
      const alertWindow = from !== null && to !== null && to - from < HOUR;
      return alertWindow ? { body: spikeBody(), delayMs: 500 } : simulated(call, index);
    });
  });
  afterEach(async () => {
    await statsApi.close();
    await slack.close();
    temp.cleanup();
  });

  it('posts the alert within the first few posts of the channel, not after the ten digests', {
    timeout: 60_000,
  }, async () => {
    const digests = digestsOnDb(temp.path, DIGESTS);
    const store = createSqliteDigestStore(digests.db);
    for (const d of DIGESTS)
      await store.firstSeen(d.name, d.schedule, d.timezone, Date.parse('2026-11-26T12:00:00Z'));
    const alerts = alertsOnDb(temp.path, 60_000);
    const stats = createStatsClient({ baseUrl: statsApi.url, token: 'stats-token-for-tests' });
    const bot = await startBot({
      slack,
      stats,
      clock: fixedClock('2026-11-27T09:00:01Z'),
      features: [digests.factory, alerts.factory],
    });
    try {
      await slack.waitFor(
        () =>
          slack.stored.filter((m) => m.channel === ALERT_CHANNEL && m.thread_ts === undefined)
            .length === 11,
        30_000,
      );
      const keys = slack.stored
        .filter((m) => m.thread_ts === undefined)
        .map((m) => String(m.metadata?.event_payload?.key));
      const alertAt = keys.findIndex((key) => key.startsWith('alert:'));
      expect(keys.filter((key) => key.startsWith('digest:'))).toHaveLength(10);
      // Three digests go at once (Slack's burst), then one a second: the alert takes the next
      // turn or so, not the eleventh.
      expect(alertAt).toBeGreaterThanOrEqual(0);
      expect(alertAt).toBeLessThanOrEqual(5);
    } finally {
      await bot.stop();
      await stats.close();
      digests.db.close();
      alerts.db.close();
    }
  });
});
