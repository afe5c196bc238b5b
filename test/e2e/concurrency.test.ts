import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';

const N = 200;

describe(`${N} concurrent identical /exec-stats 24h with the API answering in 1.5 s`, () => {
  let world: E2eWorld;
  beforeAll(async () => {
    const simulated = simulatedStatsHandler();
    world = await startE2eWorld({
      statsHandler: async (call, index) => ({ ...(await simulated(call, index)), delayMs: 1500 }),
    });
  });
  afterAll(async () => {
    await world.close();
  });

  it('acks every one within 3 s, answers every one, and costs at most a couple of upstream calls', async () => {
    const sent = await Promise.all(
      Array.from({ length: N }, (_, i) => world.command('24h', { userId: `U${i % 20}` })),
    );
    for (const { ack } of sent) {
      expect(ack.status).toBe(200);
      // Not a speed benchmark (see bench/): Slack's hard limit, with the API far slower than that.
      expect(ack.elapsedMs).toBeLessThan(3000);
    }
    await world.slack.waitFor(() => world.slack.responses.length >= N, 15_000);
    expect(new Set(world.slack.responses.map((r) => r.id)).size).toBe(N);
    expect(world.statsApi.calls.length).toBeGreaterThanOrEqual(1);
    expect(world.statsApi.calls.length).toBeLessThanOrEqual(2);
    // One users.info per distinct user, not per command.
    expect(world.slack.calls.filter((c) => c.method === 'users.info')).toHaveLength(20);
  });
});
