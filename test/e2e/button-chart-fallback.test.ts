import { afterEach, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../src/charts/renderer.js';
import { ALERT_ACTION_IDS } from '../../src/messages/alert-actions.js';
import { ACTION_IDS } from '../../src/messages/message.js';
import { type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';
import { billingSeriesBody, wireBucket } from '../support/stats-body.js';
import type { StatsServerHandler } from '../support/stats-server.js';
import { alertsFeature } from './alerts-support.js';

const HOUR = 3_600_000;

/** Hourly buckets over the asked window (from its query, not the clock): 40 runs, 12 failed at 09:00. */
const hourlyStats: StatsServerHandler = (call) => {
  const from = Number(call.query.from);
  const to = Number(call.query.to);
  const timeSeries = [];
  for (let t = Math.floor(from / HOUR) * HOUR; t < to; t += HOUR) {
    timeSeries.push(wireBucket(t, 40, Math.floor(t / HOUR) % 24 === 9 ? 12 : 1));
  }
  return { body: billingSeriesBody(timeSeries) };
};

const images = (body: Record<string, unknown>) =>
  ((body.blocks ?? []) as { type?: string }[]).filter((b) => b.type === 'image');

/**
 * The buttons that carry a query (Refresh, an alert's View stats) answer with a chart, through the
 * real upload flow; when the response_url refuses that message (a 400: a picture Slack will not
 * show yet), the same answer with its text trend is sent, as `/exec-stats` does.
 */
describe('Refresh and View stats: the text reply when the chart is refused', {
  timeout: 60_000,
}, () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it.each([
    { button: 'Refresh', actionId: ACTION_IDS.refresh },
    { button: 'View stats', actionId: ALERT_ACTION_IDS.viewStats },
  ])('$button', async ({ actionId }) => {
    world = await startE2eWorld({
      statsHandler: hourlyStats,
      // The alert buttons' listeners; no cycles to speak of.
      features: (db) => [alertsFeature(db, 600_000)],
      charts: { renderer: createChartRenderer() },
    });
    const charted = (await (await world.press(actionId, '24h')).reply()).body;
    expect(images(charted)).toHaveLength(1);
    expect(messageText(charted)).not.toMatch(/Failed `[^`]+`/);

    world.slack.failResponseUrl(400, 1);
    const { reply } = await world.press(actionId, '24h');
    const { body } = await reply();
    expect(images(body)).toEqual([]);
    expect(messageText(body)).toMatch(/Failed `[^`]+`/); // the text trend
    expect(String(body.text)).toMatch(/^Executions · last 24 hours/);
    expect(
      world.bot.logLines.some((l) =>
        l.includes('Slack refused a message with a chart; sent with its text trend instead'),
      ),
    ).toBe(true);
  });
});
