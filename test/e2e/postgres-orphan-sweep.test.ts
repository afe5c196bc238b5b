import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createDigestsFeature } from '../../src/digests/feature.js';
import type { FeatureFactory } from '../../src/features/feature.js';
import {
  openPostgresState,
  type PostgresState,
} from '../../src/state/postgres/open-postgres-state.js';
import { createStatsClient } from '../../src/stats/client.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { type BotUnderTest, startBot } from '../support/start-bot.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';
import { killPresence, testDatabase } from '../unit/state/backends.js';
import { type Crash, crashing, digest, postKey, posts, serveHistory } from './digest-support.js';

/**
 * Two replicas on one PostgreSQL database (in this process, each with its own pool and presence
 * connection). Replica A claims a run and "dies" in chat.postMessage (before or after Slack got
 * it); its presence connection is then terminated as a SIGKILL would end it. Replica B, running
 * all along, finds the orphaned run in its sweep and finishes it through the claim and the post
 * ledger: posted once. The schedule runs once a year on the fixed clock's date, so cron never
 * fires; catch-up at B's start finds A's live claim busy, so only the sweep can finish the run.
 * PostgreSQL unreachable on 127.0.0.1:5432: these fail, they are not skipped.
 */
const AT = '2026-11-27T09:00:01Z';
const DUE = Date.parse('2026-11-27T09:00:00Z');
const config = digest({ name: 'ops-daily', schedule: '0 9 27 11 *', window: '24h' });
const KEY = `digest:ops-daily:${new Date(DUE).toISOString()}`;

describe('a live replica finishes the digest run a killed one claimed', { timeout: 60_000 }, () => {
  const database = testDatabase('orphans');
  let slack: FakeSlack;
  let statsApi: StatsServer;
  beforeAll(database.setup);
  afterAll(database.teardown);
  beforeEach(async () => {
    const { url } = await database.get();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Every table the previous test's migrations made, whichever steps there are now.
    const { rows } = await admin.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    for (const { tablename } of rows) await admin.query(`DROP TABLE IF EXISTS "${tablename}"`);
    await admin.end();
  });

  async function replica(
    state: PostgresState,
    wrap: (f: FeatureFactory) => FeatureFactory = (f) => f,
    orphanSweepMs = 200,
  ): Promise<BotUnderTest> {
    const factory = createDigestsFeature({
      digests: [config],
      store: state.stores.digests,
      ledger: state.stores.ledger,
      stopTimeoutMs: 300,
      orphanSweepMs,
    });
    return startBot({
      slack,
      stats: createStatsClient({ baseUrl: statsApi.url, token: 'stats-token-for-tests' }),
      clock: fixedClock(AT),
      features: [wrap(factory)],
    });
  }

  it.each<Crash>(['before-slack', 'after-slack'])(
    'killed between claim and post (%s): posted exactly once by the survivor',
    async (crash) => {
      slack = await startFakeSlack();
      serveHistory(slack);
      statsApi = await startStatsServer(simulatedStatsHandler());
      const { url } = await database.get();
      const [stateA, stateB] = [await openPostgresState(url), await openPostgresState(url)];
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const bots: BotUnderTest[] = [];
      try {
        // The digest was configured the day before, as a running deployment would have recorded.
        await stateA.stores.digests.firstSeen(
          config.name,
          config.schedule,
          config.timezone,
          Date.parse('2026-11-26T12:00:00Z'),
        );
        // A "dies" below by losing its presence session only; its own sweep stays quiet (a killed
        // process sweeps nothing; here it would register its owner again and look alive).
        bots.push(await replica(stateA, (f) => crashing(f, crash), 3_600_000));
        const ledgerState = async () =>
          (await admin.query<{ state: string }>('SELECT state FROM post_ledger')).rows[0]?.state;
        await expect.poll(ledgerState, { timeout: 10_000 }).toBe('posting');
        expect(posts(slack)).toHaveLength(crash === 'after-slack' ? 1 : 0);

        const b = await replica(stateB);
        bots.push(b);
        // B's catch-up found A's claim alive: busy. Nothing posted by B yet.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(posts(slack)).toHaveLength(crash === 'after-slack' ? 1 : 0);

        // A dies: PostgreSQL ends its presence session (as when the process is SIGKILLed).
        const owner = (await admin.query<{ owner: string }>('SELECT owner FROM digest_runs'))
          .rows[0]?.owner;
        await killPresence((await database.get()).url, owner ?? '');
        await expect
          .poll(
            async () =>
              (await admin.query<{ state: string }>('SELECT state FROM digest_runs')).rows[0]
                ?.state,
            { timeout: 10_000 },
          )
          .toBe('done')
          .catch((error) => {
            throw new Error(`${String(error)}\n${b.logLines.join('\n')}`);
          });
        expect(posts(slack).map(postKey)).toEqual([KEY]);
        expect(
          b.logLines.some((line) => line.includes('finished a digest run a stopped replica')),
        ).toBe(true);
      } finally {
        for (const bot of bots.reverse()) await bot.stop();
        await admin.end();
        await stateA.close();
        await stateB.close();
        await statsApi.close();
        await slack.close();
      }
    },
  );
});
