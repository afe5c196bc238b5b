import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { answerStoredQuery } from '../../../src/commands/stats-reply.js';
import type { SlackMessage } from '../../../src/messages/message.js';
import type { ChartImages } from '../../../src/slack/chart-images.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { NOW, stats, TEMPLATE } from '../messages/fixtures.js';

/**
 * The buttons that carry a query (Refresh, an alert's View stats) answer through one path, with
 * the same text fallback as `/exec-stats`: a response_url that refuses the charted message gets
 * the text trend.
 */
const charts: ChartImages = {
  image: async (chart) =>
    chart === null ? null : { fileId: 'F0CHART', altText: 'chart', title: chart.title },
  discard: async () => {},
};

/** A response_url's refusal, as Bolt's respond throws it (an axios error with its status). */
const refusal = (statusCode: number) =>
  Object.assign(new Error(`Request failed with status code ${statusCode}`), { statusCode });

const hasImage = (message: SlackMessage) =>
  message.blocks.some((b) => (b as { type?: string }).type === 'image');

async function answer(query: string, refuseChartWith: number | null) {
  const sent: SlackMessage[] = [];
  const logger = recordingLogger();
  const deps = {
    stats: { getStats: async () => stats() },
    clock: fixedClock(NOW),
    logger,
    executionUrlTemplate: TEMPLATE,
    charts,
    userTimeZones: { get: async () => 'UTC' },
  };
  const outcome = await answerStoredQuery(query, 'U0ALICE', deps, async (message) => {
    sent.push(message);
    if (refuseChartWith !== null && hasImage(message)) throw refusal(refuseChartWith);
  }).then(
    () => 'sent',
    (error: unknown) => error,
  );
  return { sent, outcome, logger };
}

describe('answerStoredQuery', () => {
  it('sends the charted reply when the response_url takes it', async () => {
    const { sent, outcome } = await answer('24h', null);
    expect(outcome).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(hasImage(sent[0] as SlackMessage)).toBe(true);
  });

  it.each([400, 404, 413])(
    'sends the text trend when the response_url answers %i to the chart',
    async (status) => {
      const { sent, outcome, logger } = await answer('24h', status);
      expect(outcome).toBe('sent');
      expect(sent.map(hasImage)).toEqual([true, false]);
      // The same answer, drawn in text: the trend's bars instead of the picture.
      expect(JSON.stringify(sent[1])).toMatch(/[▁▂▃▄▅▆▇█]/);
      expect(logger.entries.map((e) => e.message)).toContain(
        'Slack refused a message with a chart; sent with its text trend instead',
      );
    },
  );

  it.each([429, 500])(
    'does not swap a passing failure (%i) for text: the caller retries it',
    async (status) => {
      const { sent, outcome } = await answer('24h', status);
      expect(sent).toHaveLength(1);
      expect((outcome as { statusCode?: number }).statusCode).toBe(status);
    },
  );

  it('answers a query that no longer parses with the usage, once', async () => {
    const { sent, outcome } = await answer('not a window', 400);
    expect(outcome).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('This button no longer matches a query.');
  });
});
