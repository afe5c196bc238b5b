import { isStatsApiError } from '../stats/errors.js';
import type { CliIo } from './io.js';

/**
 * Errors of the CLI, written for a terminal: one line saying what is wrong, one saying where to
 * look. The Slack-facing messages (src/messages) carry emoji codes, mrkdwn and the slash command's
 * usage, none of which means anything in a shell, so the CLI words its own errors here.
 */

/** Exit status of a command line that cannot be run as written (unknown option, bad window). */
export const USAGE_ERROR = 2;

/** `exec-stats preview: unknown option "--jsn" …` and where to read the usage. */
export function usageText(command: string, problem: string): string {
  return `${command}: ${problem}\nRun "${command} --help" for usage.\n`;
}

/** Writes usageText to stderr; returns 2 for the command's exit status. */
export function usageError(io: CliIo, command: string, problem: string): number {
  io.err(usageText(command, problem));
  return USAGE_ERROR;
}

/**
 * A sentence written as Slack mrkdwn (e.g. the window grammar's reasons) as terminal text: code
 * spans become quoted words, and bold, italics and strike marks are dropped.
 */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/`([^`\n]*)`/g, '"$1"')
    .replace(/(^|[\s(])[*_~]([^*_~\n]+)[*_~](?=$|[\s).,:;!?])/g, '$1$2')
    .replace(/(^|\s):[a-z_]+:(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface StatsFailure {
  /** One sentence: what failed, with the API's own status and message. */
  readonly message: string;
  /** What the operator can do next. */
  readonly hint: string;
  /** The stats error's kind (`timeout`, `network`, `http`, …), or `internal`. */
  readonly kind: string;
  readonly status: number | null;
  readonly requestId: string | null;
  /** Method and URL of the request (no secret: the token travels in a header). */
  readonly request: string | null;
}

/**
 * Why a stats query for `windowLabel` failed, for the operator who runs `preview`: unlike the
 * Slack reply ("ask your admin…"), it names the variable to check and the URL that was tried.
 */
export function describeStatsFailure(error: unknown, windowLabel: string): StatsFailure {
  if (!isStatsApiError(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      message: `could not get executions for ${windowLabel}: ${reason}`,
      hint: 'This is a bug in exec-stats; run again with LOG_LEVEL=debug for details.',
      kind: 'internal',
      status: null,
      requestId: null,
      request: null,
    };
  }
  // The error's message is "summary: METHOD URL"; the request is shown on a line of its own.
  const request = `${error.method} ${error.url}`;
  const whole = error.message.endsWith(`: ${request}`)
    ? error.message.slice(0, -(request.length + 2))
    : error.message;
  // It goes after a colon, mid-sentence.
  const summary = whole.charAt(0).toLowerCase() + whole.slice(1);
  const requestId = error.requestId ?? null;
  return {
    message: `could not get executions for ${windowLabel}: ${summary}${requestId === null ? '' : `; request ID ${requestId}`}`,
    hint: hintFor(error.kind, error.status),
    kind: error.kind,
    status: error.status ?? null,
    requestId,
    request,
  };
}

function hintFor(kind: string, status: number | undefined): string {
  switch (kind) {
    case 'timeout':
      return 'The API was too slow: try again, or a shorter window.';
    case 'network':
      return 'Check STATS_API_URL and that this machine can reach it.';
    case 'invalid-response':
      return 'Check that STATS_API_URL points at the stats API (the part before /v1/…).';
    case 'too-large':
      return 'Try a shorter window, or daily instead of hourly.';
  }
  if (status === 401 || status === 403) return 'Check STATS_API_TOKEN.';
  if (status === 404) return 'Check STATS_API_URL (the part before /v1/…).';
  if (status === 429 || (status !== undefined && status >= 500)) return 'Try again in a minute.';
  return 'Check the window, and STATS_API_URL.';
}

/** The failure as terminal lines for stderr. */
export function formatStatsFailure(command: string, failure: StatsFailure): string {
  const request = failure.request === null ? '' : `  request: ${failure.request}\n`;
  return `${command}: ${failure.message}\n${request}${failure.hint}\n`;
}
