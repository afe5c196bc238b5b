import { describe, expect, it } from 'vitest';
import type { ChartImage } from '../../../src/messages/chart-block.js';
import { buildDigestMessage } from '../../../src/messages/digest-message.js';
import { buildHomeView } from '../../../src/messages/home-view.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import type { Block } from '../../../src/messages/message.js';
import { buildStatsMessage } from '../../../src/messages/stats-message.js';
import { NOW, stats, summary, TEMPLATE, window } from './fixtures.js';

const CHART: ChartImage = {
  fileId: 'F0CHART01',
  altText: 'Failed and total executions per hour',
  title: 'Executions · last 24 hours',
};

const images = (blocks: readonly Block[]) => blocks.filter((b) => b.type === 'image');
const texts = (blocks: readonly Block[]) => JSON.stringify(blocks);
const TREND = /Failed `/;

const statsInput = {
  stats: stats(),
  window: window(),
  granularity: 'hourly' as const,
  source: null,
  now: NOW,
  executionUrlTemplate: TEMPLATE,
  refreshValue: '24h',
};

describe('a chart in the messages', () => {
  it('/exec-stats: the image takes the text trend place, right under the figures', () => {
    const plain = buildStatsMessage(statsInput);
    const charted = buildStatsMessage({ ...statsInput, chart: CHART });
    expect(texts(plain.blocks)).toMatch(TREND);
    expect(texts(charted.blocks)).not.toMatch(TREND);
    const at = charted.blocks.findIndex((b) => b.type === 'image');
    expect(at).toBe(plain.blocks.findIndex((b) => texts([b]).includes('*Trend*')));
    expect(charted.blocks[at]).toEqual({
      type: 'image',
      slack_file: { id: 'F0CHART01' },
      alt_text: CHART.altText,
      title: { type: 'plain_text', text: CHART.title, emoji: true },
    });
    expect(charted.text).toBe(plain.text);
    expect(checkMessageLimits(charted)).toEqual([]);
  });

  it('a source has no time series: its message keeps its words, chart or not', () => {
    const message = buildStatsMessage({ ...statsInput, source: 'billing', chart: CHART });
    expect(images(message.blocks)).toEqual([]);
    expect(texts(message.blocks)).toContain('Not available per source system');
  });

  it('digests: with failures and when all is quiet', () => {
    const input = {
      digestName: 'ops-daily',
      stats: stats(),
      previous: stats(),
      window: window(),
      granularity: 'hourly' as const,
      scheduledAt: NOW,
      late: false,
      now: NOW,
      executionUrlTemplate: TEMPLATE,
      chart: CHART,
    };
    const busy = buildDigestMessage(input);
    expect(images(busy.blocks)).toHaveLength(1);
    expect(texts(busy.blocks)).not.toMatch(TREND);
    const quietStats = stats({ summary: summary({ failed: 0 }), recentFailures: [] });
    const quiet = buildDigestMessage({ ...input, stats: quietStats });
    expect(images(quiet.blocks)).toHaveLength(1);
    expect(checkMessageLimits(busy)).toEqual([]);
    expect(checkMessageLimits(quiet)).toEqual([]);
  });

  it("the Home tab shows the chart drawn in its reader's zone, else the text", () => {
    const data = {
      rules: [],
      states: new Map(),
      threads: new Map(),
      digests: [],
      summary: { ok: true as const, stats: stats(), charts: new Map([['Asia/Tokyo', CHART]]) },
    };
    const tokyo = buildHomeView(data, { now: NOW, timeZone: 'Asia/Tokyo' });
    expect(images(tokyo.blocks)).toHaveLength(1);
    expect(texts(tokyo.blocks)).not.toContain('Failed per hour');
    const berlin = buildHomeView(data, { now: NOW, timeZone: 'Europe/Berlin' });
    expect(images(berlin.blocks)).toEqual([]);
    expect(texts(berlin.blocks)).toContain('Failed per hour');
  });
});
