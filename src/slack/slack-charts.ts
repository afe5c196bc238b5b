import type { webApi } from '@slack/bolt';
import type { Chart, ChartRenderer } from '../charts/chart.js';
import type { Logger } from '../logging/logger.js';
import { chartMetrics } from '../metrics/chart-metrics.js';
import type { Metrics } from '../metrics/metrics.js';
import { type ChartImages, createChartImages } from './chart-images.js';
import { createChartUploader, createFilesClient } from './chart-upload.js';

/** A small chart drawn once at start; its picture is never shown. */
const WARM_UP: Chart = {
  kind: 'stats',
  title: 'warm-up',
  timeZone: 'UTC',
  buckets: [{ startMs: 0, endMs: 3_600_000, failed: 1, total: 2, share: 1 }],
};

/** What the app needs to put charts in messages; absent, charts are off. */
export interface ChartsSetup {
  readonly renderer: ChartRenderer;
  readonly renderDeadlineMs?: number;
  readonly uploadDeadlineMs?: number;
}

/**
 * The charts every feature gets: the renderer, an uploader on its own Web API client (a timeout
 * per call, no retries: a chart that misses its deadline is left out, not retried), and the
 * chart-or-text step with its cache, counted in `/metrics`.
 */
export function createSlackCharts(
  setup: ChartsSetup,
  slack: {
    readonly token: string | undefined;
    readonly apiUrl: string | null;
    readonly fetch?: webApi.FetchFunction;
    readonly clientLogger?: webApi.WebClientOptions['logger'];
  },
  deps: { readonly logger: Logger; readonly metrics: Metrics },
): ChartImages {
  const client = createFilesClient({
    token: slack.token,
    apiUrl: slack.apiUrl,
    ...(slack.fetch === undefined ? {} : { fetch: slack.fetch }),
    ...(slack.clientLogger === undefined ? {} : { logger: slack.clientLogger }),
  });
  // The renderer loads its libraries on first use (about a second): done now, in the background,
  // so the first message after a start is not the one whose chart misses its deadline.
  setup.renderer.render(WARM_UP).catch((error: unknown) => {
    deps.logger.warn('charts: the warm-up render failed; messages show their text trend', {
      error,
    });
  });
  return createChartImages({
    renderer: setup.renderer,
    uploader: createChartUploader({ client }),
    logger: deps.logger,
    metrics: chartMetrics(deps.metrics.registry),
    ...(setup.renderDeadlineMs === undefined ? {} : { renderDeadlineMs: setup.renderDeadlineMs }),
    ...(setup.uploadDeadlineMs === undefined ? {} : { uploadDeadlineMs: setup.uploadDeadlineMs }),
  });
}
