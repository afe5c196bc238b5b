import type { Logger } from '../logging/logger.js';
import type { SlackMessage } from '../messages/message.js';
import { SlackPostError, slackErrorCode } from './slack-failure.js';

/**
 * A message that shows a chart, and the same message with its text trend instead (null when it
 * shows no chart). Both are built before sending, from the same data.
 */
export interface ChartedMessage<M = SlackMessage> {
  readonly message: M;
  readonly plain: M | null;
}

export const noChart = <M>(message: M): ChartedMessage<M> => ({ message, plain: null });

/**
 * Sends the message with its chart; when Slack refuses it for its blocks (`invalid_blocks`) and
 * it has a chart, the picture is the likely cause (a file Slack has not finished processing, or
 * will not show), so the text version is sent instead: a chart may cost the picture, never the
 * message. Any other failure is the caller's, as before.
 */
export async function sendWithChartFallback<T, M = SlackMessage>(
  charted: ChartedMessage<M>,
  send: (message: M) => Promise<T>,
  logger: Logger,
  /** What counts as Slack refusing the message; `invalid_blocks` by default. */
  refused: (error: unknown) => boolean = refusedForItsBlocks,
): Promise<T> {
  try {
    return await send(charted.message);
  } catch (error) {
    if (charted.plain === null || !refused(error)) throw error;
    logger.warn('Slack refused a message with a chart; sent with its text trend instead', {
      error,
    });
    return send(charted.plain);
  }
}

export function refusedForItsBlocks(error: unknown): boolean {
  const code = error instanceof SlackPostError ? error.code : slackErrorCode(error);
  return code === 'invalid_blocks';
}

/**
 * A response_url answers a message it will not take with a 4xx and no error code the client
 * keeps (a 404 also when the URL expired, and then the text fails the same way, harmlessly).
 */
export function refusedByResponseUrl(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}
