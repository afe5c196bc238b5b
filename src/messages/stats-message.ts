import { statsForSource } from '../stats/for-source.js';
import type { Granularity, Stats } from '../stats/types.js';
import { HOURLY_LIMIT_DAYS } from '../time/granularity.js';
import type { TimeWindow } from '../time/window.js';
import {
  buttonsBlock,
  contextBlock,
  dividerBlock,
  headerBlock,
  sectionBlock,
  slackDate,
} from './blocks.js';
import { type ChartImage, chartBlock } from './chart-block.js';
import { failuresBlocks } from './failures-section.js';
import { fitMessage } from './fit-message.js';
import { formatCount, formatRate } from './format.js';
import { displayZone, formatInstant, formatWindowRange } from './format-time.js';
import { MAX_HEADER_TEXT } from './limits.js';
import { ACTION_IDS, type Block, type SlackMessage } from './message.js';
import { escapeEntities, escapePlainText, shownValue, truncateText } from './mrkdwn.js';
import { summaryFields, topSourcesSection, trendSection } from './stats-sections.js';

export interface StatsMessageInput {
  readonly stats: Stats;
  readonly window: TimeWindow;
  readonly granularity: Granularity;
  /** `hourly` was asked for a window too long for it, and `granularity` (daily) is used instead. */
  readonly hourlyTooLong?: boolean;
  /** A source system (as the user typed it): the message is about that source only. */
  readonly source: string | null;
  readonly now: number;
  readonly executionUrlTemplate: string;
  /** Value of the Refresh button; no button when null. */
  readonly refreshValue: string | null;
  /** An ephemeral reply mentions `public`, so people learn how to share it. */
  readonly visibility?: 'ephemeral' | 'public';
  /**
   * The window's chart, uploaded: it takes the place of the text trend (on a phone the two would
   * say the same thing twice, and the picture says more). Without it, the text trend.
   */
  readonly chart?: ChartImage | null;
}

const MAX_REQUEST_ID = 100;

/**
 * The /exec-stats summary (also the body of digests): header, exact window, counts, trend, top
 * failing source systems, latest failures, Refresh, footer; always within Slack's limits.
 * `stats` may be the whole window's or already narrowed with statsForSource: narrowing is
 * idempotent, so the source variant is right either way.
 */
export function buildStatsMessage(input: StatsMessageInput): SlackMessage {
  const { window, now } = input;
  const narrowed = input.source === null ? input.stats : statsForSource(input.stats, input.source);
  const sourceName = narrowed?.sourceSystems[0]?.sourceSystem ?? input.source;
  const header = headerText(window.label, input.source === null ? null : sourceName);
  const range = escapeEntities(formatWindowRange(window, now));
  const tail = [...refreshBlocks(input.refreshValue), footerBlock(input, input.stats.requestId)];

  if (narrowed === null) {
    const name = shownValue(input.source ?? '', 80);
    return fitMessage({
      text: `${header}: no executions from source system "${name}"`,
      blocks: [headerBlock(header), unknownSourceSection(name, range, input.stats), ...tail],
    });
  }
  const { summary } = narrowed;
  if (summary.total === 0 && narrowed.recentFailures.length === 0) {
    return fitMessage({
      text: `${header}: no executions between ${range}`,
      blocks: [headerBlock(header), sectionBlock(`No executions between ${range}.`), ...tail],
    });
  }
  const perSource = input.source !== null;
  const cut = window.cutAtNow ? ' · cut at now' : '';
  const granularity = input.hourlyTooLong
    ? `${input.granularity} (hourly is available for windows up to ${HOURLY_LIMIT_DAYS} days)`
    : input.granularity;
  const blocks: Block[] = [
    headerBlock(header),
    contextBlock([`${range} · ${granularity}${cut}`]),
    summaryFields(narrowed, perSource),
    input.chart != null && !perSource
      ? chartBlock(input.chart)
      : trendSection({ stats: narrowed, window, perSource, now }),
    ...(perSource ? [] : [topSourcesSection(narrowed)].filter((b): b is Block => b !== null)),
  ];
  const failures = failuresBlocks({
    failures: narrowed.recentFailures,
    failedCount: summary.failed,
    executionUrlTemplate: input.executionUrlTemplate,
    now,
  });
  if (failures.length > 0) blocks.push(dividerBlock(), ...failures);
  const rate = formatRate(summary.failed, summary.terminal);
  return fitMessage({
    text: `${header}: ${formatCount(summary.total)} total, ${formatCount(summary.failed)} failed (${rate})`,
    blocks: [...blocks, ...tail],
  });
}

/** "Executions · last 24 hours · billing", the source name cut so the whole fits a header. */
function headerText(label: string, source: string | null): string {
  const base = `Executions · ${escapePlainText(label)}`;
  if (source === null) return truncateText(base, MAX_HEADER_TEXT);
  const room = Math.max(10, MAX_HEADER_TEXT - base.length - 3);
  return truncateText(`${base} · ${truncateText(escapePlainText(source), room)}`, MAX_HEADER_TEXT);
}

/** Names the sources that do exist, busiest first, so a typo is easy to spot. */
function unknownSourceSection(name: string, range: string, stats: Stats): Block {
  const known = [...stats.sourceSystems]
    .sort((a, b) => b.total - a.total)
    .slice(0, 10)
    .map((source) => shownValue(source.sourceSystem, 40));
  const more = stats.sourceSystems.length - known.length;
  const list =
    known.length === 0
      ? 'No source system had executions in this window.'
      : `Source systems in this window: ${known.join(', ')}${more > 0 ? ` …and ${formatCount(more)} more` : ''}.`;
  return sectionBlock(`No executions from source system *${name}* between ${range}.\n${list}`);
}

function refreshBlocks(refreshValue: string | null): Block[] {
  if (refreshValue === null) return [];
  return [buttonsBlock([{ text: 'Refresh', actionId: ACTION_IDS.refresh, value: refreshValue }])];
}

function footerBlock(input: StatsMessageInput, requestId: string | null): Block {
  const zone = displayZone(input.window.timeZone);
  const fallback = escapeEntities(`${formatInstant(input.now, zone, input.now)} ${zone}`);
  const generated = slackDate(input.now, '{date_short_pretty} at {time}', fallback);
  const id =
    requestId === null ? 'no requestId' : `requestId ${shownValue(requestId, MAX_REQUEST_ID)}`;
  const hint =
    input.visibility === 'ephemeral' ? ' · only you can see this; add `public` to share it' : '';
  return contextBlock([`${id} · generated ${generated}${hint}`]);
}
