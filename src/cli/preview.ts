import { createChartRenderer } from '../charts/renderer.js';
import { type Clock, fixedClock, systemClock } from '../clock.js';
import { buildStatsReply } from '../commands/stats-reply.js';
import { renderForTerminal } from '../dev/terminal.js';
import { createJsonLogger } from '../logging/json-logger.js';
import { silentLogger } from '../logging/logger.js';
import { parseCommand, SUBCOMMAND_NAMES } from '../runtime/exec-stats-command.js';
import { loadRuntimeConfig, secretsOf } from '../runtime/load-runtime-config.js';
import { createStatsSource } from '../stats/create-stats-source.js';
import { isStatsApiError } from '../stats/errors.js';
import type { StatsSource } from '../stats/types.js';
import { HOURLY_MAX_HOURS, MAX_WINDOW_DAYS } from '../time/window.js';
import { resolveWindow } from '../time/window-resolve.js';
import { capturingChartImages, type WrittenChart, writeChartPng } from './chart-file.js';
import {
  type CommandHelp,
  formatHelp,
  type OptionSpec,
  parseArgs,
  USAGE_ERROR,
  usageText,
} from './command-line.js';
import type { CliIo } from './io.js';

/**
 * `exec-stats preview [WINDOW…] [--json] [--chart FILE]`: fetches real stats with the configured API
 * (or the simulator) and prints the message the slash command would reply, in the configured zone;
 * with `--chart`, also writes the chart that reply carries in Slack as a PNG and prints its path.
 * Exits 1 when the API fails or the config has problems, so it can be used in a deploy check,
 * and 2 when the command line is wrong. With `--json`, stdout is JSON whatever happens.
 */

const COMMAND = 'exec-stats preview';

const JSON_OPTION: OptionSpec = {
  name: 'json',
  help: 'print the Block Kit JSON (for Block Kit Builder); an error as {"error": {...}}',
};

const CHART_OPTION: OptionSpec = {
  name: 'chart',
  value: 'FILE',
  help: 'also write the chart of the window as a PNG to FILE (1200x600), and print its path',
};

export const PREVIEW_HELP: CommandHelp = {
  usage: 'exec-stats preview [WINDOW] [hourly|daily] [source:NAME] [--json] [--chart FILE]',
  summary:
    'Fetches stats with the configured API (or the simulator, with EXEC_STATS_SIMULATOR=1) and prints the message /exec-stats would reply, in the configured time zone.',
  sections: [
    {
      title: 'Arguments (the words of /exec-stats)',
      rows: [
        [
          'WINDOW',
          `15m, 6h, 24h (default), 7d, 30d; today, yesterday, this-week, last-week, this-month, last-month; 2026-11-01..2026-11-07; 2026-11-01T09:00..2026-11-01T17:30. At most ${MAX_WINDOW_DAYS} days.`,
        ],
        [
          'hourly|daily',
          `bucket size (default: hourly up to ${HOURLY_MAX_HOURS} hours, else daily)`,
        ],
        ['source:NAME', 'one source system; quote a name with spaces: \'source:"my system"\''],
      ],
    },
  ],
  options: [JSON_OPTION, CHART_OPTION],
  notes: [
    'The chart is the one Slack shows: none for source:NAME (the API has no per-source time series) or a window without executions.',
    'Exit status: 0 the message was fetched, 1 the stats API failed or the configuration has problems, 2 bad arguments.',
  ],
};

export interface PreviewOptions {
  /** The instant the window is resolved at; default: the clock's now. */
  readonly now?: number;
  /** For the stats client's deadlines; default the system clock. */
  readonly clock?: Clock;
}

/** What a failed preview reports: one terminal sentence, and the same as JSON for `--json`. */
interface Failure {
  readonly exitCode: number;
  /** `usage` (exit 2), `config`, or the stats error's kind (`http`, `network`, `timeout`, …). */
  readonly kind: string;
  readonly message: string;
  readonly text: string;
  readonly details?: Record<string, unknown>;
}

export async function runPreview(
  args: readonly string[],
  io: CliIo,
  options: PreviewOptions = {},
): Promise<number> {
  // Known before anything else can fail, so every failure after it can answer in JSON.
  const json = args.includes('--json');
  const fail = (failure: Failure): number => {
    if (json) {
      const error = { kind: failure.kind, message: failure.message, ...failure.details };
      io.out(`${JSON.stringify({ error }, null, 2)}\n`);
    } else io.err(failure.text);
    return failure.exitCode;
  };
  const usage = (problem: string): number =>
    fail({
      exitCode: USAGE_ERROR,
      kind: 'usage',
      message: problem,
      text: usageText(COMMAND, problem),
    });

  const parsed = parseArgs(args, [JSON_OPTION, CHART_OPTION]);
  if (!parsed.ok) return usage(parsed.problem);
  const words = parsed.positionals.map((word) => word.trim()).filter((word) => word !== '');
  // `help` among the words asks for help too: in a shell it cannot mean Slack's `/exec-stats help`.
  if (parsed.help || words.some((word) => word.toLowerCase() === 'help')) {
    io.out(formatHelp(PREVIEW_HELP));
    return 0;
  }
  const slackOnly = words.find((word) =>
    (SUBCOMMAND_NAMES as readonly string[]).includes(word.toLowerCase()),
  );
  if (slackOnly !== undefined) {
    return usage(`"${slackOnly}" is a Slack command; preview shows stats queries only`);
  }
  // The terminal passes words as typed: no Slack HTML entities to undo.
  const request = parseCommand(words.join(' '), { escaped: false });
  if (request.kind !== 'stats') {
    return usage(plainText(request.kind === 'invalid' ? request.reason : 'not a stats query'));
  }

  const loaded = loadRuntimeConfig(io.env, 'preview');
  if (!loaded.ok) {
    return fail({
      exitCode: 1,
      kind: 'config',
      message: loaded.report,
      text: `${COMMAND}: ${loaded.report}\n`,
    });
  }
  const { config } = loaded;
  const chartOption = parsed.options.get('chart');
  const chartFile = typeof chartOption === 'string' ? chartOption : null;
  const capture = chartFile === null ? null : capturingChartImages();
  // One instant for checking the window and for the reply, so both resolve it alike.
  const now = options.now ?? (options.clock ?? systemClock).now();
  const resolved = resolveWindow(request.window, { now, timeZone: config.timezone });
  if (!resolved.ok) return usage(plainText(resolved.reason));

  // Logs (the client's retries) go to stderr, one JSON line each, so stdout stays the message.
  const logger = createJsonLogger({ level: 'warn', secrets: secretsOf(config), write: io.err });
  const source = await createStatsSource(config.stats, {
    clock: options.clock ?? systemClock,
    logger,
  });
  // The reply turns a failure into a Slack message; the terminal wants the error itself.
  let error: unknown;
  const stats: StatsSource = {
    getStats: (query, getOptions) =>
      source.getStats(query, getOptions).catch((caught: unknown) => {
        error = caught;
        throw caught;
      }),
  };
  try {
    // The failure is reported below, in words for the terminal, so the reply does not log it too.
    const reply = await buildStatsReply(request, config.timezone, {
      stats,
      clock: fixedClock(now),
      logger: silentLogger,
      executionUrlTemplate: config.executionUrlTemplate,
      ...(capture === null ? {} : { charts: capture.images }),
    });
    if (reply.outcome !== 'ok') {
      const failure = describeStatsFailure(error, resolved.window.label);
      return fail({
        exitCode: 1,
        kind: failure.kind,
        message: `${failure.message}. ${failure.hint}`,
        text: formatStatsFailure(COMMAND, failure),
        details: {
          status: failure.status,
          requestId: failure.requestId,
          request: failure.request,
        },
      });
    }
    const chart = capture?.chart() ?? null;
    let written: WrittenChart | null = null;
    if (chartFile !== null && chart !== null) {
      try {
        written = await writeChartPng(createChartRenderer(), chart, chartFile);
      } catch (caught) {
        const reason = caught instanceof Error ? caught.message : String(caught);
        return fail({
          exitCode: 1,
          kind: 'chart',
          message: `could not write the chart: ${reason}`,
          text: `${COMMAND}: could not write the chart to ${chartFile}: ${reason}\n`,
        });
      }
    }
    const { text, blocks } = reply.message;
    const chartJson =
      chartFile === null ? {} : { chart: written === null ? null : chartSummary(written) };
    io.out(
      json
        ? `${JSON.stringify({ text, blocks, ...chartJson }, null, 2)}\n`
        : `${renderForTerminal(reply.message, { color: io.color })}\n`,
    );
    if (!json && chartFile !== null) {
      io.out(
        written === null
          ? 'No chart: the reply has none (source:NAME, or no executions in the window).\n'
          : `Chart (${written.rendered.width}x${written.rendered.height} PNG): ${written.path}\n`,
      );
    }
    return 0;
  } finally {
    await source.close();
  }
}

function chartSummary(written: WrittenChart): Record<string, unknown> {
  const { width, height, altText } = written.rendered;
  return { path: written.path, width, height, altText };
}

// Errors for the terminal: the Slack-facing messages (src/messages) carry emoji codes, mrkdwn and
// the slash command's usage, none of which means anything in a shell, so preview words its own.

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
