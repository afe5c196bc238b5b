import { isStatsApiError, type StatsApiError } from '../stats/errors.js';
import { contextBlock, sectionBlock } from './blocks.js';
import { fitMessage } from './fit-message.js';
import { usageBlockText } from './help.js';
import type { Block, SlackMessage } from './message.js';
import { escapeEntities, escapeMrkdwn, shownValue, truncateText } from './mrkdwn.js';

/**
 * What a user reads when their request cannot be answered: one sentence saying what failed, one
 * saying what to do next, and the API's requestId for support. Never a stack trace or an internal
 * error message; every value that came from the API or the user is escaped.
 */

const MAX_API_MESSAGE = 300;

/**
 * Bad input: the grammar's reason (naming the offending part) and one line of our own under it:
 * where the usage is, or the command's shape. Short on purpose, as it is read on phones; the whole
 * usage is in `/exec-stats help`. The reason is mrkdwn in which the grammar already quoted the
 * user's word as inline code (backticks inside it replaced), so it keeps its backticks and only
 * `& < >` are escaped: the user's text cannot become a mention or a link.
 */
export function buildInvalidInputMessage(reason: string, hint: string): SlackMessage {
  const sentence = escapeEntities(truncateText(reason.replace(/[\r\n]+/g, ' '), 500));
  return fitMessage({
    text: `/exec-stats: ${sentence}`,
    blocks: [sectionBlock(`:warning: ${sentence}\n${usageBlockText(hint)}`)],
  });
}

interface Explanation {
  readonly what: string;
  readonly next: string;
}

function withApiMessage(status: number, error: StatsApiError): string {
  const message = error.apiMessage?.trim();
  return message ? `HTTP ${status}: ${shownValue(message, MAX_API_MESSAGE)}` : `HTTP ${status}`;
}

function explainHttp(error: StatsApiError): Explanation {
  const status = error.status ?? 0;
  const detail = withApiMessage(status, error);
  if (status === 401 || status === 403) {
    return {
      what: `The stats API refused our credentials (${detail}).`,
      next: 'Ask your admin to check STATS_API_TOKEN.',
    };
  }
  if (status === 404) {
    return {
      what: `The stats API was not found at the configured address (${detail}).`,
      next: 'Ask your admin to check STATS_API_URL.',
    };
  }
  if (status === 429) {
    return {
      what: `The stats API is busy and asked us to slow down (${detail}).`,
      next: 'Try again in a minute.',
    };
  }
  if (status >= 500) {
    return { what: `The stats API failed (${detail}).`, next: 'Try again in a minute.' };
  }
  return {
    what: `The stats API rejected the request (${detail}).`,
    next: 'Try another window; if it keeps happening, ask your admin to check STATS_API_URL.',
  };
}

function explain(error: StatsApiError): Explanation {
  switch (error.kind) {
    case 'timeout':
      return {
        what: 'The stats API did not answer in time.',
        next: 'Try again in a minute, or ask for a shorter window.',
      };
    case 'network':
      return {
        what: 'Could not reach the stats API.',
        next: 'Try again in a minute; if it keeps happening, ask your admin to check STATS_API_URL.',
      };
    case 'http':
      return explainHttp(error);
    case 'invalid-response': {
      // `(body)` is the whole body (not JSON at all): no field to point at.
      const at =
        error.path && error.path !== '(body)' ? ` (at \`${escapeMrkdwn(error.path)}\`)` : '';
      return {
        what: `The stats API sent a response we could not read${at}.`,
        next: 'Ask your admin to check that STATS_API_URL points at the stats API.',
      };
    }
    case 'too-large':
      return {
        what: 'The stats API sent more data than we accept.',
        next: 'Try a shorter window, or `daily` instead of `hourly`.',
      };
  }
}

/** The failure of a stats request for `windowLabel`, e.g. "last 24 hours". */
export function buildStatsErrorMessage(error: unknown, windowLabel: string): SlackMessage {
  const label = escapeMrkdwn(windowLabel);
  const { what, next } = isStatsApiError(error)
    ? explain(error)
    : { what: 'Something went wrong on our side.', next: 'Try again in a minute.' };
  const requestId =
    isStatsApiError(error) && error.requestId ? shownValue(error.requestId, 100) : null;
  const blocks: Block[] = [
    sectionBlock(`:warning: Could not get executions for ${label}. ${what}\n${next}`),
    contextBlock([requestId === null ? 'no requestId' : `requestId ${requestId}`]),
  ];
  return fitMessage({ text: `Could not get executions for ${label}. ${what}`, blocks });
}
