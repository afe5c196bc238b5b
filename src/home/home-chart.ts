import { statsChartOf } from '../charts/stats-chart.js';
import type { Logger } from '../logging/logger.js';
import type { ChartImage } from '../messages/chart-block.js';
import type { HomeView, HomeViewData } from '../messages/home-view.js';
import { noChart, sendWithChartFallback } from '../slack/chart-fallback.js';
import type { ChartImages } from '../slack/chart-images.js';
import { SUMMARY_WINDOW_MS } from './home-data.js';

const MINUTE = 60_000;
/**
 * A zone's chart is drawn again at most this often. The window moves every minute, so every refresh
 * would otherwise upload a new file per zone while anyone has the tab open (1,440 a day); the
 * figures above the picture stay current, the picture is at most this old.
 */
export const HOME_CHART_REDRAW_MS = 10 * MINUTE;

/** What the Home tab's refresher does outside: load the data, look up a zone, publish a view. */
interface HomeTabIo {
  readonly load: (now: number) => Promise<HomeViewData>;
  readonly zoneOf: (userId: string) => Promise<string>;
  readonly publish: (userId: string, view: HomeView) => Promise<void>;
}

/**
 * The Home tab's last-24-hours chart, in each reader's zone. The tab's data is loaded once per
 * refresh for everyone and each view is built right after its reader's zone is looked up, so the
 * chart for a zone is drawn (and uploaded, or reused when the picture is the same) at that moment,
 * once per zone and load, and the view picks its reader's. A chart that fails leaves the text;
 * a view Slack refuses for its picture (`invalid_blocks`) is published again without it.
 */
export function withSummaryCharts(
  charts: ChartImages | undefined,
  around: HomeTabIo,
  logger: Logger,
): HomeTabIo {
  if (charts === undefined) return around;
  let latest: { data: HomeViewData; now: number; byZone: Map<string, ChartImage> } | null = null;
  const drawn = new Map<string, { image: ChartImage; at: number }>(); // by zone, the last one
  return {
    async load(now) {
      const data = await around.load(now);
      if (!data.summary.ok) return data;
      const byZone = new Map<string, ChartImage>();
      const withCharts = { ...data, summary: { ...data.summary, charts: byZone } };
      latest = { data: withCharts, now, byZone };
      return withCharts;
    },
    async zoneOf(userId) {
      const zone = await around.zoneOf(userId);
      const current = latest;
      if (current === null || current.byZone.has(zone) || !current.data.summary.ok) return zone;
      const recent = drawn.get(zone);
      if (recent !== undefined && current.now - recent.at < HOME_CHART_REDRAW_MS) {
        current.byZone.set(zone, recent.image);
        return zone;
      }
      const to = Math.floor(current.now / MINUTE) * MINUTE;
      const image = await charts.image(
        statsChartOf({
          title: 'Executions · last 24 hours',
          timeZone: zone,
          granularity: 'hourly',
          buckets: current.data.summary.stats.timeSeries,
          window: { from: to - SUMMARY_WINDOW_MS, to },
        }),
      );
      if (image !== null) {
        current.byZone.set(zone, image);
        drawn.set(zone, { image, at: current.now });
      }
      return zone;
    },
    async publish(userId, view) {
      const plain = { ...view, blocks: view.blocks.filter((b) => b.type !== 'image') };
      const charted =
        plain.blocks.length === view.blocks.length ? noChart(view) : { message: view, plain };
      await sendWithChartFallback(charted, (v) => around.publish(userId, v), logger);
    },
  };
}
