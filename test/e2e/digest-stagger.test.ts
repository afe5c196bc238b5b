import { afterAll, describe, expect, it } from 'vitest';
import { STAGGER_STEP_MS, staggerMs } from '../../src/digests/subscription-limits.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import { digestsOnDb, postKey, posts } from './digest-support.js';

const keyTime = (key: string) => Date.parse(key.replace(/^digest:.+:(?=\d{4}-)/, ''));

/** A subscription name in `channel` whose runs start `slots` seconds after their tick. */
function nameWithStagger(channel: string, slots: number): string {
  for (let n = 0; ; n++) {
    const name = `every-5s-${n}`;
    if (staggerMs(`${channel}/${name}`) === slots * STAGGER_STEP_MS) return name;
  }
}

/**
 * Subscriptions due at the same moment start a few seconds apart, each at its own offset, while
 * their runs keep the cron instant as key (exactly once) and still share one fetch of the window.
 */
describe('subscriptions due at the same moment, end to end', () => {
  let world: E2eWorld | undefined;
  const temp = tempDbPath();
  afterAll(async () => {
    await world?.close();
    temp.cleanup();
  });

  it('start spread over the first seconds, keyed by the cron instant, one fetch for both', async () => {
    const early = { channel: 'C0SPREAD01', name: nameWithStagger('C0SPREAD01', 1) };
    const late = { channel: 'C0SPREAD02', name: nameWithStagger('C0SPREAD02', 3) };
    const { factory, db } = digestsOnDb(temp.path, []);
    const store = createSqliteDigestStore(db);
    for (const s of [early, late]) {
      // Stored as `subscribe` stores them; a seconds schedule so that the test takes seconds.
      await store.addSubscription({
        ...s,
        schedule: '*/5 * * * * *',
        timezone: 'UTC',
        window: '6h',
        description: 'every 5 seconds, window 6h',
        createdBy: 'U0ALICE',
        createdAt: Date.now(),
      });
    }
    world = await startE2eWorld({ features: [factory] });
    const slack = world.slack;
    const of = (channel: string) => posts(slack).filter((call) => call.args.channel === channel);
    await slack.waitFor(
      () => of(early.channel).length >= 2 && of(late.channel).length >= 2,
      40_000,
    );
    await world.bot.stop();

    for (const [s, slots] of [
      [early, 1],
      [late, 3],
    ] as const) {
      const calls = of(s.channel);
      const keys = calls.map(postKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const call of calls) {
        const key = postKey(call);
        expect(key.startsWith(`digest:${s.channel}/${s.name}:`)).toBe(true);
        const slot = keyTime(key);
        // The key is the tick itself, a whole multiple of 5 s, never the later start.
        expect(slot % 5_000).toBe(0);
        const after = call.at - slot;
        expect(after).toBeGreaterThanOrEqual(slots * STAGGER_STEP_MS - 50);
        expect(after).toBeLessThan(slots * STAGGER_STEP_MS + 4_000);
      }
      const runs = db
        .prepare('SELECT scheduled_at FROM digest_runs WHERE digest = ? ORDER BY scheduled_at')
        .all(`${s.channel}/${s.name}`) as Array<{ scheduled_at: number }>;
      expect(runs.map((r) => r.scheduled_at)).toEqual(expect.arrayContaining(keys.map(keyTime)));
    }
    // Same window at the same tick: fetched once for both, though they started 2 s apart.
    const queries = world.statsApi.calls.map((c) => `${c.query.from}-${c.query.to}`);
    expect(queries.length).toBeGreaterThan(0);
    expect(new Set(queries).size).toBe(queries.length);
    db.close();
  }, 60_000);
});
