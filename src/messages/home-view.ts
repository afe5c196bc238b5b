import { contextBlock, dividerBlock, headerBlock, sectionBlock, slackDate } from './blocks.js';
import { formatCountOf } from './format.js';
import { formatInstant } from './format-time.js';
import { type HomeDigest, homeDigestBlocks } from './home-digests.js';
import { type HomeIncidentsData, incidentBlocks } from './home-incidents.js';
import { type HomeRulesData, ruleBlocks } from './home-rules.js';
import { type HomeSummary, summaryBlocks } from './home-summary.js';
import { MAX_HEADER_TEXT, MAX_SECTION_TEXT } from './limits.js';
import type { Block } from './message.js';
import { truncateText } from './mrkdwn.js';

/**
 * The bot's App Home tab (`views.publish`), assembled from its sections, each in a file beside
 * this one: incidents firing now, linked to their threads (home-incidents.ts); every alert rule
 * with its state, the lines of `/exec-stats alerts` with absolute times (home-rules.ts); the
 * digests of each channel with their next run (home-digests.ts); the last 24 hours at a glance
 * (home-summary.ts). Pure: data in, a view out, the clock passed in.
 *
 * Within Slack's view limits whatever the data: at most 100 blocks, each text within its own
 * limit. Long lists show their most important part ("…and N more" with a short summary): firing
 * rules before pending before ok ones; the digests in channel order.
 */

/** Slack's limit of blocks in a view (a message has 50). */
export const MAX_VIEW_BLOCKS = 100;

/** What the tab shows: the rules, their states and incidents (read by two sections), and more. */
export interface HomeViewData extends HomeIncidentsData, HomeRulesData {
  readonly digests: readonly HomeDigest[];
  /** The last 24 hours (hourly), or why it could not be read. */
  readonly summary: HomeSummary;
}

export interface HomeViewOptions {
  readonly now: number;
  /** The reader's zone, for times clients cannot show in their own (fallbacks, next runs). */
  readonly timeZone: string;
  /** The reader may make, edit and delete rules (an admin): "New rule", and Edit / Delete. */
  readonly canChangeRules?: boolean;
}

export interface HomeView {
  readonly type: 'home';
  readonly blocks: Block[];
}

/** The context line at the bottom ("Published …"), left out of what counts as a change. */
export const HOME_FOOTER_BLOCK_ID = 'home_footer';

export function buildHomeView(data: HomeViewData, options: HomeViewOptions): HomeView {
  const blocks: Block[] = [
    headerBlock('exec-stats'),
    contextBlock([
      'Incidents, alert rules, digests and the last 24 hours. This page updates itself while you have it open.',
    ]),
    dividerBlock(),
    ...incidentBlocks(data, options),
    dividerBlock(),
    ...ruleBlocks(data, options),
    dividerBlock(),
    ...homeDigestBlocks(data.digests, options),
    dividerBlock(),
    ...summaryBlocks(data.summary, options.timeZone),
  ];
  const footer: Block = {
    ...contextBlock([
      `Published ${slackDate(options.now, '{date_short_pretty} {time}', formatInstant(options.now, options.timeZone, options.now))} · \`/exec-stats help\` for the commands`,
    ]),
    block_id: HOME_FOOTER_BLOCK_ID,
  };
  return { type: 'home', blocks: fitView([...blocks, footer]) };
}

// ─── Limits ───────────────────────────────────────────────────────────────────

/**
 * The last guard: every text within its block's limit, and at most MAX_VIEW_BLOCKS blocks (the
 * builders above stay far below it; the footer is kept).
 */
function fitView(blocks: readonly Block[]): Block[] {
  const clamped = blocks.map(clampTexts);
  if (clamped.length <= MAX_VIEW_BLOCKS) return clamped;
  const footer = clamped[clamped.length - 1] as Block;
  const kept = clamped.slice(0, MAX_VIEW_BLOCKS - 2);
  const dropped = clamped.length - 1 - kept.length;
  return [...kept, sectionBlock(`…and ${formatCountOf(dropped, 'more block')} not shown.`), footer];
}

function clampTexts(block: Block): Block {
  if (block.type === 'header' && block.text.text.length > MAX_HEADER_TEXT)
    return {
      ...block,
      text: { ...block.text, text: truncateText(block.text.text, MAX_HEADER_TEXT) },
    };
  if (
    block.type === 'section' &&
    block.text !== undefined &&
    block.text.text.length > MAX_SECTION_TEXT
  )
    return {
      ...block,
      text: { ...block.text, text: truncateText(block.text.text, MAX_SECTION_TEXT) },
    };
  return block;
}
