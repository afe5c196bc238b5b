import { isStatsApiError } from '../stats/errors.js';
import { contextBlock, headerBlock, sectionBlock } from './blocks.js';
import { digestContextLine } from './digest-context.js';
import { displayZone, formatInstant } from './format-time.js';
import { fitMessage } from './limits.js';
import type { SlackMessage } from './message.js';
import { escapeEntities, escapePlainText, shownValue, truncateText } from './mrkdwn.js';
import { MAX_HEADER_TEXT } from './slack-limits.js';

export interface UnavailableDigestInput {
  readonly digestName: string;
  readonly windowLabel: string;
  readonly timeZone: string;
  readonly scheduledAt: number;
  readonly late: boolean;
  readonly now: number;
  readonly error: unknown;
  /** When the bot tries again (Unix ms); null when this was the retry. */
  readonly retryAt: number | null;
}

/**
 * The short digest posted when the stats API could not be read: better than silence, which a
 * channel would read as "the bot is down". Says when the bot tries again, or that it gave up.
 */
export function buildUnavailableDigest(input: UnavailableDigestInput): SlackMessage {
  const header = truncateText(
    `Executions · ${escapePlainText(input.windowLabel)}`,
    MAX_HEADER_TEXT,
  );
  const zone = displayZone(input.timeZone);
  const what = isStatsApiError(input.error)
    ? `the stats API failed (${escapeEntities(input.error.kind)})`
    : 'something went wrong on our side';
  const next =
    input.retryAt === null
      ? 'The retry failed too; the next digest comes at its usual time.'
      : `The bot tries again at ${escapeEntities(formatInstant(input.retryAt, zone, input.now))} ${zone} and will update this message.`;
  const requestId =
    isStatsApiError(input.error) && input.error.requestId
      ? `requestId ${shownValue(input.error.requestId, 100)}`
      : 'no requestId';
  return fitMessage({
    text: `${header}: stats unavailable`,
    blocks: [
      headerBlock(header),
      contextBlock([digestContextLine({ ...input, window: { timeZone: zone } })]),
      sectionBlock(`:warning: *Stats unavailable*: ${what}.\n${next}`),
      contextBlock([requestId]),
    ],
  });
}
