import { type Clock, fixedClock, systemClock } from '../clock.js';
import { buildStatsReply } from '../commands/stats-reply.js';
import { renderForTerminal } from '../dev/terminal.js';
import { createJsonLogger } from '../logging/json-logger.js';
import { silentLogger } from '../logging/logger.js';
import { parseCommand, SUBCOMMAND_NAMES } from '../runtime/exec-stats-command.js';
import { loadRuntimeConfig, secretsOf } from '../runtime/load-runtime-config.js';
import { createStatsSource } from '../stats/create-stats-source.js';
import type { StatsSource } from '../stats/types.js';
import { HOURLY_MAX_HOURS, MAX_WINDOW_DAYS } from '../time/window.js';
import { resolveWindow } from '../time/window-resolve.js';
import { type OptionSpec, parseArgs } from './args.js';
import { type CommandHelp, formatHelp } from './help-text.js';
import type { CliIo } from './io.js';
import {
  describeStatsFailure,
  formatStatsFailure,
  plainText,
  USAGE_ERROR,
  usageText,
} from './terminal-text.js';

/**
 * `exec-stats preview [WINDOW…] [--json]`: fetches real stats with the configured API (or the
 * simulator) and prints the message the slash command would reply, in the configured zone.
 * Exits 1 when the API fails or the config has problems, so it can be used in a deploy check,
 * and 2 when the command line is wrong. With `--json`, stdout is JSON whatever happens.
 */

const COMMAND = 'exec-stats preview';

const JSON_OPTION: OptionSpec = {
  name: 'json',
  help: 'print the Block Kit JSON (for Block Kit Builder); an error as {"error": {...}}',
};

export const PREVIEW_HELP: CommandHelp = {
  usage: 'exec-stats preview [WINDOW] [hourly|daily] [source:NAME] [--json]',
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
  options: [JSON_OPTION],
  notes: [
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

  const parsed = parseArgs(args, [JSON_OPTION]);
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
    const { text, blocks } = reply.message;
    io.out(
      json
        ? `${JSON.stringify({ text, blocks }, null, 2)}\n`
        : `${renderForTerminal(reply.message, { color: io.color })}\n`,
    );
    return 0;
  } finally {
    await source.close();
  }
}
