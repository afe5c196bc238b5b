import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { buildInvalidInputMessage, buildStatsErrorMessage } from '../messages/error-messages.js';
import type { SlackMessage } from '../messages/message.js';
import { buildStatsMessage } from '../messages/stats-message.js';
import { isStatsApiError } from '../stats/errors.js';
import type { Stats, StatsSource } from '../stats/types.js';
import { chooseGranularity } from '../time/granularity.js';
import { resolveWindow } from '../time/window-resolve.js';
import { type ParsedCommand, SEE_HELP } from './grammar.js';

export type StatsRequest = Extract<ParsedCommand, { kind: 'stats' }>;

export interface StatsReplyDeps {
  readonly stats: StatsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly executionUrlTemplate: string;
}

export interface StatsReply {
  readonly message: SlackMessage;
  /** `ok`: the stats message; `invalid`: the window could not be resolved; `failed`: the API failed. */
  readonly outcome: 'ok' | 'invalid' | 'failed';
}

/**
 * Turns a parsed `/exec-stats` request into the reply, for the slash command and its Refresh button
 * alike. It never throws: every failure becomes a message the user can act on, and is logged.
 */
export async function buildStatsReply(
  request: StatsRequest,
  timeZone: string,
  deps: StatsReplyDeps,
): Promise<StatsReply> {
  const now = deps.clock.now();
  const resolved = resolveWindow(request.window, { now, timeZone });
  if (!resolved.ok) {
    return { message: buildInvalidInputMessage(resolved.reason, SEE_HELP), outcome: 'invalid' };
  }
  const window = resolved.window;
  const { granularity, hourlyTooLong } = chooseGranularity(window, request.granularity);

  let stats: Stats;
  try {
    stats = await deps.stats.getStats({ from: window.from, to: window.to, granularity });
  } catch (error) {
    deps.logger.error('stats query failed', {
      command: request.canonical,
      error,
      ...(isStatsApiError(error) ? { requestId: error.requestId, status: error.status } : {}),
    });
    return { message: buildStatsErrorMessage(error, window.label), outcome: 'failed' };
  }

  const message = buildStatsMessage({
    // Whole-window stats even for `source:NAME`: the builder narrows them, and lists the sources that
    // exist when NAME is not one of them.
    stats,
    window,
    granularity,
    hourlyTooLong,
    source: request.source,
    now: deps.clock.now(),
    executionUrlTemplate: deps.executionUrlTemplate,
    refreshValue: request.canonical,
    visibility: request.public ? 'public' : 'ephemeral',
  });
  return { message, outcome: 'ok' };
}
