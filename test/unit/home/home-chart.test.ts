import { describe, expect, it } from 'vitest';
import type { Chart } from '../../../src/charts/chart.js';
import { HOME_CHART_REDRAW_MS, withSummaryCharts } from '../../../src/home/home-chart.js';
import { silentLogger } from '../../../src/logging/logger.js';
import type { HomeView, HomeViewData } from '../../../src/messages/home-view.js';
import type { ChartImages } from '../../../src/slack/chart-images.js';
import { SlackPostError } from '../../../src/slack/slack-failure.js';
import { NOW, stats } from '../messages/fixtures.js';

const ZONES: Record<string, string> = {
  U0ALICE: 'Asia/Tokyo',
  U0BOB: 'UTC',
  U0CAROL: 'Asia/Tokyo',
};

function setup() {
  const asked: Chart[] = [];
  const charts: ChartImages = {
    async image(chart) {
      if (chart === null) return null;
      asked.push(chart);
      return { fileId: `F${asked.length}`, altText: 'chart', title: chart.title };
    },
    discard: async () => {},
  };
  const published: HomeView[] = [];
  const data: HomeViewData = {
    rules: [],
    states: new Map(),
    threads: new Map(),
    digests: [],
    summary: { ok: true, stats: stats() },
  };
  const io = withSummaryCharts(
    charts,
    {
      load: async () => data,
      zoneOf: async (user) => ZONES[user] ?? 'UTC',
      publish: async (_user, view) => {
        if (view.blocks.some((b) => b.type === 'image'))
          throw new SlackPostError('view', 'home', 'invalid_blocks');
        published.push(view);
      },
    },
    silentLogger,
  );
  /** What the refresher does for one reader: load, their zone, then the view picks its chart. */
  const chartFor = async (now: number, user: string) => {
    const loaded = await io.load(now);
    const zone = await io.zoneOf(user);
    return loaded.summary.ok ? loaded.summary.charts?.get(zone)?.fileId : undefined;
  };
  return { asked, io, published, chartFor };
}

describe("the Home tab's chart", () => {
  it("is drawn in each reader's zone over the last 24 hours to the minute", async () => {
    const { asked, chartFor } = setup();
    expect(await chartFor(NOW + 30_000, 'U0ALICE')).toBe('F1');
    expect(await chartFor(NOW + 30_000, 'U0BOB')).toBe('F2');
    expect(asked.map((c) => c.timeZone)).toEqual(['Asia/Tokyo', 'UTC']);
    const chart = asked[0];
    expect(chart?.kind === 'stats' && chart.buckets.length).toBe(24);
  });

  it('is drawn again for a zone at most every ten minutes', async () => {
    const { asked, chartFor } = setup();
    await chartFor(NOW, 'U0ALICE');
    expect(await chartFor(NOW + 60_000, 'U0CAROL')).toBe('F1'); // same zone, a minute later
    expect(asked).toHaveLength(1);
    expect(await chartFor(NOW + HOME_CHART_REDRAW_MS, 'U0ALICE')).toBe('F2');
    expect(asked).toHaveLength(2);
  });

  it('a view Slack refuses for its picture is published without it', async () => {
    const { io, published } = setup();
    const view: HomeView = {
      type: 'home',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Last 24 hours' } },
        { type: 'image', slack_file: { id: 'F1' }, alt_text: 'chart' },
      ],
    };
    await io.publish('U0ALICE', view);
    expect(published).toEqual([{ type: 'home', blocks: [view.blocks[0]] }]);
  });
});
