import { isStatsApiError } from '../stats/errors.js';
import type { Granularity, Stats } from '../stats/types.js';
import type { TimeWindow } from '../time/window.js';
import { contextBlock, headerBlock, sectionBlock } from './blocks.js';
import { type ChartImage, chartBlock } from './chart-block.js';
import {
  changeLine,
  compareSummaries,
  periodLength,
  sourcesThatGotWorse,
  worseSourceLine,
} from './digest-comparison.js';
import { fitMessage } from './fit-message.js';
import { formatCount } from './format.js';
import { displayZone, formatDuration, formatInstant, formatWindowRange } from './format-time.js';
import { MAX_HEADER_TEXT } from './limits.js';
import type { Block, SlackMessage } from './message.js';
import { escapeEntities, escapePlainText, shownValue, truncateText } from './mrkdwn.js';
import { buildStatsMessage } from './stats-message.js';

export interface DigestMessageInput {
  readonly digestName: string;
  readonly stats: Stats;
  /** The period of the same length just before the window. */
  readonly previous: Stats;
  readonly window: TimeWindow;
  readonly granularity: Granularity;
  readonly scheduledAt: number;
  /** Posted after its time (the bot was down then): the message says so. */
  readonly late: boolean;
  readonly now: number;
  readonly executionUrlTemplate: string;
  /** The window's chart, uploaded (in the digest's zone); it replaces the text trend. */
  readonly chart?: ChartImage | null;
}

/** Most "got worse" source systems listed; the rest are counted. */
const MAX_WORSE_SOURCES = 5;

/**
 * A scheduled digest: the /exec-stats message for the window with, right under the figures, the
 * change against the period before and the source systems that got worse. A period without a
 * single failure reads as a short calm message instead. Always within Slack's limits.
 */
export function buildDigestMessage(input: DigestMessageInput): SlackMessage {
  const { stats, previous, window, now } = input;
  const context = digestContextLine(input);
  const than = `the previous ${periodLength(window.to - window.from)}`;
  const changes = compareSummaries(stats.summary, previous.summary);

  if (stats.summary.failed === 0 && stats.recentFailures.length === 0) {
    return quietMessage(input, context, than);
  }
  const full = buildStatsMessage({
    stats,
    window,
    granularity: input.granularity,
    source: null,
    now,
    executionUrlTemplate: input.executionUrlTemplate,
    refreshValue: null,
    chart: input.chart ?? null,
  });
  const worse = sourcesThatGotWorse(stats, previous);
  const worseLines = worse.slice(0, MAX_WORSE_SOURCES).map(worseSourceLine);
  if (worse.length > MAX_WORSE_SOURCES) {
    worseLines.push(`…and ${formatCount(worse.length - MAX_WORSE_SOURCES)} more`);
  }
  const comparison: Block[] = [
    sectionBlock([`*Compared with ${than}*`, ...changes.map(changeLine)].join('\n')),
    ...(worseLines.length > 0 ? [sectionBlock(['*Got worse*', ...worseLines].join('\n'))] : []),
  ];
  // After the header, the window line and the figures: the comparison belongs with the figures.
  const at = Math.min(3, full.blocks.length);
  const failed = changes.find((c) => c.name === 'failed');
  const word = failed === undefined || failed.change === 'no change' ? 'unchanged' : failed.change;
  return fitMessage({
    text: `${full.text}; failures ${word} compared with ${than}`,
    blocks: [
      ...full.blocks.slice(0, 1),
      contextBlock([context]),
      ...full.blocks.slice(1, at),
      ...comparison,
      ...full.blocks.slice(at),
    ],
  });
}

function quietMessage(input: DigestMessageInput, context: string, than: string): SlackMessage {
  const { stats, previous, window, now } = input;
  const header = truncateText(`Executions · ${escapePlainText(window.label)}`, MAX_HEADER_TEXT);
  const range = escapeEntities(formatWindowRange(window, now));
  const { total, averageDurationMs } = stats.summary;
  const before = previous.summary.total;
  const body =
    total === 0
      ? `No executions between ${range}${before > 0 ? ` (${formatCount(before)} in ${than})` : ''}.`
      : [
          `:white_check_mark: All quiet: ${formatCount(total)} ${total === 1 ? 'execution' : 'executions'}, none failed.`,
          ...(averageDurationMs === null
            ? []
            : [`Avg duration ${formatDuration(averageDurationMs)}.`]),
          `${formatCount(before)} in ${than}, ${formatCount(previous.summary.failed)} of them failed.`,
        ].join(' ');
  const requestId =
    stats.requestId === null ? 'no requestId' : `requestId ${shownValue(stats.requestId, 100)}`;
  return fitMessage({
    text: `${header}: ${total === 0 ? 'no executions' : `all quiet, ${formatCount(total)} executions, none failed`}`,
    blocks: [
      headerBlock(header),
      contextBlock([context]),
      sectionBlock(total === 0 ? body : `${range}\n${body}`),
      ...(input.chart != null && total > 0 ? [chartBlock(input.chart)] : []),
      contextBlock([requestId]),
    ],
  });
}

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

/**
 * The line under a digest's header: which digest it is and, when it was posted after its time,
 * that it is late and when it was due. Shared by the normal, quiet and unavailable digests.
 */
function digestContextLine(input: {
  readonly digestName: string;
  readonly scheduledAt: number;
  readonly late: boolean;
  readonly now: number;
  readonly window: { readonly timeZone: string };
}): string {
  const name = `Digest *${shownValue(input.digestName, 80)}*`;
  if (!input.late) return name;
  const zone = displayZone(input.window.timeZone);
  const due = escapeEntities(`${formatInstant(input.scheduledAt, zone, input.now)} ${zone}`);
  return `${name} · :hourglass: *posted late*: it was due ${due}, when the bot was not running`;
}
