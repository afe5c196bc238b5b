import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Logger } from '../logging/logger.js';

export interface RespondReliablyOptions {
  readonly logger: Logger;
  /** Delays before each retry; a response_url is valid for 30 minutes, so a few seconds is safe. */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Posts to a `response_url`, retrying a passing failure (network error, 429, 5xx) so that a Slack
 * hiccup does not turn into silence. Other statuses (404: the URL expired or was used up) are final.
 */
export async function respondReliably(
  respond: RespondFn,
  message: RespondArguments,
  options: RespondReliablyOptions,
): Promise<void> {
  const delays = options.retryDelaysMs ?? [500, 2000];
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await respond(message);
      return;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      const passing = typeof status !== 'number' || status === 429 || status >= 500;
      const delay = delays[attempt];
      if (!passing || delay === undefined) throw error;
      options.logger.warn('posting to response_url failed; retrying', {
        attempt: attempt + 1,
        status,
        error,
      });
      await sleep(delay);
    }
  }
}
