import type { Logger } from '../logging/logger.js';
import { type AlertMessageOptions, buildAlertMessage } from '../messages/alert-message.js';
import type { IncidentView } from '../messages/alert-view.js';
import { type ChartedMessage, sendWithChartFallback } from '../slack/chart-fallback.js';
import type { ChartImages } from '../slack/chart-images.js';
import { incidentChart } from './incident-view.js';

/** The chart step, and the rules' evaluation interval (a subject keeps one rate per evaluation). */
export interface AlertCharts {
  readonly images: ChartImages;
  readonly intervalMs: number;
  /**
   * The picture each incident's root shows now (by rule and incident), so that the one an edit
   * replaces is deleted (createAlertCharts); without it, replaced pictures stay in the bot's files.
   */
  readonly shown?: Map<string, string>;
}

/** Incidents whose root picture is remembered; the oldest is forgotten first (its file stays). */
const SHOWN_LIMIT = 1_000;

export function createAlertCharts(images: ChartImages, intervalMs: number): AlertCharts {
  return { images, intervalMs, shown: new Map() };
}

/** An incident's root with its chart, and the chart's file (null when it shows none). */
export interface RootMessage extends ChartedMessage {
  readonly fileId: string | null;
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
): Promise<RootMessage> {
  const chart =
    deps.alertCharts === undefined
      ? null
      : incidentChart(view, deps.alertCharts.intervalMs, deps.timezone);
  const image = chart === null ? null : await deps.alertCharts?.images.image(chart);
  const plain = buildAlertMessage(view, options);
  if (image == null) return { message: plain, plain: null, fileId: null };
  return {
    message: buildAlertMessage(view, { ...options, chart: image }),
    plain,
    fileId: image.fileId,
  };
}

/**
 * Posts or edits the root (its text if Slack refuses the picture), then deletes the picture it
 * replaced: a firing incident's root is edited with a new chart whenever its figures change, up
 * to one a minute, and each would otherwise stay in the bot's files. Only a picture this process
 * showed on this root is deleted (remembered in memory: after a restart, or when another replica
 * made the edit before, one file may be left). A resolved incident keeps its last picture.
 */
export async function sendRoot<T>(
  view: IncidentView,
  root: RootMessage,
  send: (message: RootMessage['message']) => Promise<T>,
  deps: { readonly alertCharts?: AlertCharts | undefined; readonly logger: Logger },
): Promise<T> {
  let shownFile: string | null = null;
  const sent = await sendWithChartFallback(
    root,
    async (message) => {
      const answer = await send(message);
      shownFile = message === root.message ? root.fileId : null;
      return answer;
    },
    deps.logger,
  );
  const charts = deps.alertCharts;
  const shown = charts?.shown;
  if (charts === undefined || shown === undefined) return sent;
  const key = `${view.rule}\u0000${view.incidentId}`;
  const before = shown.get(key);
  shown.delete(key);
  if (shownFile !== null && view.status !== 'resolved') {
    shown.set(key, shownFile);
    if (shown.size > SHOWN_LIMIT) shown.delete(shown.keys().next().value as string);
  }
  if (before !== undefined && before !== shownFile) await charts.images.discard(before);
  return sent;
}
