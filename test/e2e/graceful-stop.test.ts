import { describe, expect, it } from 'vitest';
import { messageText, startE2eWorld } from '../support/e2e-harness.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';

describe('stopping the app', () => {
  it('closes the port and still delivers replies already under way', async () => {
    const simulated = simulatedStatsHandler();
    const world = await startE2eWorld({
      statsHandler: async (call, index) => ({ ...(await simulated(call, index)), delayMs: 800 }),
    });
    try {
      const { ack, reply } = await world.command('24h');
      expect(ack.status).toBe(200);
      const healthUrl = `${world.bot.baseUrl}/healthz`;
      const stopping = world.bot.stop();
      await stopping;
      // The reply was computed while the app was stopping: it was drained, not dropped.
      expect(messageText((await reply()).body)).toContain('Executions · last 24 hours');
      await expect(fetch(healthUrl)).rejects.toThrow();
    } finally {
      await world.close().catch(() => {});
    }
  });
});
