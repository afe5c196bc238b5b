import type { Block } from './message.js';
import { truncateText } from './mrkdwn.js';

/**
 * A chart as a message shows it: a PNG the bot uploaded to Slack (privately; see
 * slack/chart-upload.ts), referenced by its file ID. The builders take it as an optional input:
 * without one, a message shows its text sparkline as before.
 */
export interface ChartImage {
  /** Slack's file ID (`F…`) of the uploaded PNG. */
  readonly fileId: string;
  /** What the picture shows, in words (screen readers, notifications, clients without images). */
  readonly altText: string;
  /** Shown above the picture; none when the message says it already. */
  readonly title?: string;
}

/** Slack's limit on an image block's alt_text, and on its title. */
export const MAX_IMAGE_ALT_TEXT = 2000;
export const MAX_IMAGE_TITLE = 2000;

/**
 * The image block: `{ type: 'image', slack_file: { id }, alt_text, title? }`, texts cut to
 * Slack's limits. An empty alt text (Slack refuses one) reads "Chart".
 */
export function chartBlock(chart: ChartImage): Block {
  const alt = chart.altText.trim() === '' ? 'Chart' : chart.altText;
  const title = chart.title?.trim() ?? '';
  return {
    type: 'image',
    slack_file: { id: chart.fileId },
    alt_text: truncateText(alt, MAX_IMAGE_ALT_TEXT),
    ...(title === ''
      ? {}
      : { title: { type: 'plain_text', text: truncateText(title, MAX_IMAGE_TITLE), emoji: true } }),
  };
}
