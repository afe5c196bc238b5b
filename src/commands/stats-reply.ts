import { statsChartOf } from '../charts/stats-chart.js';
import type { Clock } from '../clock.js';
import type { CommandDeclaration } from '../features/feature.js';
import type { Logger } from '../logging/logger.js';
import { buildInvalidInputMessage, buildStatsErrorMessage } from '../messages/error-messages.js';
import type { SlackMessage } from '../messages/message.js';
import { buildStatsMessage } from '../messages/stats-message.js';
import {
  type ChartedMessage,
  noChart,
  refusedByResponseUrl,
  sendWithChartFallback,
} from '../slack/chart-fallback.js';
import type { ChartImages } from '../slack/chart-images.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import { isStatsApiError } from '../stats/errors.js';
import type { Stats, StatsSource } from '../stats/types.js';
import { chooseGranularity, HOURLY_LIMIT_DAYS } from '../time/granularity.js';
import { HOURLY_MAX_HOURS, MAX_WINDOW_DAYS } from '../time/window.js';
import { resolveWindow } from '../time/window-resolve.js';
import { parseStatsQuery, SEE_HELP, type StatsCommand, SYNOPSIS, USAGE_LINE } from './grammar.js';

/**
 * The stats query, the `/exec-stats` command itself: its help lines, and its reply, to the typed
 * command and to a button that carries a stored query (Refresh, an alert's View stats) alike.
 */

/**
 * The stats query in `/exec-stats help`: the command itself, so it has no subcommand of its own,
 * and its lines come first. `help` is listed here because it is the last line about the command
 * as such, before the features' sections.
 */
export const STATS_COMMANDS: CommandDeclaration = {
  feature: 'stats',
  subcommands: [],
  help: [
    `*Usage:* \`${SYNOPSIS}\``,
    '• *WINDOW* (default `24h`): `15m`, `6h`, `24h`, `7d`, `30d` (up to now); ' +
      '`today`, `yesterday`, `this-week`, `last-week`, `this-month`, `last-month` (in your time zone); ' +
      `\`2026-11-01..2026-11-07\` (whole days) or \`2026-11-01T09:00..2026-11-01T17:30\`. At most ${MAX_WINDOW_DAYS} days.`,
    `• \`hourly\` or \`daily\` buckets (default: hourly up to ${HOURLY_MAX_HOURS} hours, else daily; ` +
      `hourly for at most ${HOURLY_LIMIT_DAYS} days)`,
    '• `source:NAME` for one source system; quote a name with spaces: `source:"my system"`',
    '• `public` posts the answer in the channel instead of only to you',
    '• `/exec-stats help` shows this',
  ],
};

export interface StatsReplyDeps {
  readonly stats: StatsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly executionUrlTemplate: string;
  /** The reply's chart, in the reader's zone; none (or a failed one) and it shows the text trend. */
  readonly charts?: ChartImages;
}

export interface StatsReply {
  readonly message: SlackMessage;
  /** The same reply with its text trend, when `message` shows a chart (sent if Slack refuses it). */
  readonly plain?: SlackMessage | null;
  /** `ok`: the stats message; `invalid`: the window could not be resolved; `failed`: the API failed. */
  readonly outcome: 'ok' | 'invalid' | 'failed';
}

/**
 * Turns a parsed `/exec-stats` request into the reply, for the slash command and its Refresh button
 * alike. It never throws: every failure becomes a message the user can act on, and is logged.
 */
export async function buildStatsReply(
  request: StatsCommand,
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

  // A source's stats have no time series of their own: its reply says so in text, chart or not.
  const chart =
    deps.charts === undefined || request.source !== null || stats.summary.total === 0
      ? null
      : await deps.charts.image(
          statsChartOf({
            title: `Executions · ${window.label}`,
            timeZone,
            granularity,
            buckets: stats.timeSeries,
            window,
          }),
        );
  const input = {
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
    visibility: request.public ? ('public' as const) : ('ephemeral' as const),
  };
  return {
    message: buildStatsMessage({ ...input, chart }),
    plain: chart === null ? null : buildStatsMessage(input),
    outcome: 'ok',
  };
}

/**
 * The reply to a button that carries a query (Refresh, an alert's View stats): the stored text is
 * run again now, in the clicking user's zone. The text is the grammar's `canonical`, already
 * unescaped, so it is parsed as plain text; anything else gets the command's usage line, never
 * an error.
 */
export async function replyToStoredQuery(
  storedQuery: string,
  userId: string,
  deps: StatsReplyDeps & { readonly userTimeZones: UserTimeZones },
): Promise<ChartedMessage> {
  const parsed = parseStatsQuery(storedQuery, { escaped: false });
  if (parsed.kind !== 'stats') {
    return noChart(buildInvalidInputMessage('This button no longer matches a query.', USAGE_LINE));
  }
  const timeZone = await deps.userTimeZones.get(userId);
  const reply = await buildStatsReply(parsed, timeZone, deps);
  return { message: reply.message, plain: reply.plain ?? null };
}

/**
 * Runs a button's stored query and sends the answer through `send` (a response_url): when the
 * response_url refuses the message with its chart (a 4xx: a picture Slack will not show yet), the
 * same answer with its text trend is sent instead, as `/exec-stats` itself does.
 */
export async function answerStoredQuery(
  storedQuery: string,
  userId: string,
  deps: StatsReplyDeps & { readonly userTimeZones: UserTimeZones },
  send: (message: SlackMessage) => Promise<void>,
): Promise<void> {
  const reply = await replyToStoredQuery(storedQuery, userId, deps);
  await sendWithChartFallback(reply, send, deps.logger, refusedByResponseUrl);
}
