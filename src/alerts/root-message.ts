import { type AlertMessageOptions, buildAlertMessage } from '../messages/alert-message.js';
import type { IncidentView } from '../messages/alert-view.js';
import type { ChartedMessage } from '../slack/chart-fallback.js';
import type { ChartImages } from '../slack/chart-images.js';
import { incidentChart } from './incident-view.js';

/** The chart step, and the rules' evaluation interval (a subject keeps one rate per evaluation). */
export interface AlertCharts {
  readonly images: ChartImages;
  readonly intervalMs: number;
}

/**
 * An incident's root message with its chart, drawn anew from the view (in the config's zone)
 * each time the root is posted or edited, so an edit shows the current rate; a chart that fails
 * or is late leaves the text, and the post or edit goes ahead on time. The text version comes
 * along, for when Slack refuses the picture (sendWithChartFallback).
 */
export async function rootMessage(
  view: IncidentView,
  options: AlertMessageOptions,
  deps: { readonly alertCharts?: AlertCharts | undefined; readonly timezone: string },
): Promise<ChartedMessage> {
  const chart =
    deps.alertCharts === undefined
      ? null
      : incidentChart(view, deps.alertCharts.intervalMs, deps.timezone);
  const image = chart === null ? null : await deps.alertCharts?.images.image(chart);
  const plain = buildAlertMessage(view, options);
  if (image == null) return { message: plain, plain: null };
  return { message: buildAlertMessage(view, { ...options, chart: image }), plain };
}
