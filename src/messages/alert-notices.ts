import { contextBlock, sectionBlock, slackDate } from './blocks.js';
import { fitMessage } from './fit-message.js';
import { formatDuration, formatInstant } from './format-time.js';
import type { SlackMessage } from './message.js';

/**
 * Told once to each alert channel after repeated failed evaluations, and once when the API can be
 * read again: while it cannot, rules neither fire nor resolve, so silence would mislead.
 */

export function buildApiDownNotice(
  since: number,
  failures: number,
  timeZone: string,
  now: number,
): SlackMessage {
  const when = slackDate(since, '{date_short_pretty} {time}', formatInstant(since, timeZone, now));
  return fitMessage({
    text: 'The stats API is unreachable: alerts are paused',
    blocks: [
      sectionBlock(
        `⚠️ *The stats API is unreachable* since ${when} (${failures} evaluations in a row failed). Alert rules neither fire nor resolve until it answers again.`,
      ),
      contextBlock(['You will be told here once when it is back.']),
    ],
  });
}

export function buildApiBackNotice(since: number, now: number): SlackMessage {
  return fitMessage({
    text: 'The stats API is back: alerts are running again',
    blocks: [
      sectionBlock(
        `✅ *The stats API is back* after ${formatDuration(now - since)}. Alert rules are evaluated again.`,
      ),
    ],
  });
}
