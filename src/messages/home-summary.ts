import type { Stats } from '../stats/types.js';
import { fieldsBlock, headerBlock, sectionBlock } from './blocks.js';
import { type ChartImage, chartBlock } from './chart-block.js';
import { buildStatsErrorMessage } from './error-messages.js';
import { formatCount, formatRate } from './format.js';
import type { Block } from './message.js';
import { sparkline } from './sparkline.js';
import { topSourcesSection } from './stats-sections.js';

/**
 * The Home tab's last 24 hours at a glance: the totals, the failures per hour (the reader's chart,
 * or a sparkline without one) and the sources that failed most; or, when the stats could not be
 * read, the same words as a failed `/exec-stats`.
 */

export type HomeSummary =
  /** `charts`: the last 24 hours drawn in each reader's zone, by zone (charts on, uploaded). */
  | { readonly ok: true; readonly stats: Stats; readonly charts?: ReadonlyMap<string, ChartImage> }
  | { readonly ok: false; readonly error: unknown };

export function summaryBlocks(summary: HomeSummary, timeZone: string): Block[] {
  const header = headerBlock('Last 24 hours');
  if (!summary.ok) {
    // The same words as a failed `/exec-stats`: what went wrong, what to do, the requestId.
    return [header, ...buildStatsErrorMessage(summary.error, 'the last 24 hours').blocks];
  }
  const { stats } = summary;
  const s = stats.summary;
  const blocks: Block[] = [
    header,
    fieldsBlock([
      `*Total*\n${formatCount(s.total)}`,
      `*Failed*\n${formatCount(s.failed)}`,
      `*Success rate*\n${formatRate(s.succeeded, s.terminal)}`,
      `*In progress*\n${formatCount(s.inProgress)}`,
    ]),
  ];
  const failedPerHour = stats.timeSeries.map((bucket) => bucket.failed);
  const chart = summary.charts?.get(timeZone);
  if (chart !== undefined)
    blocks.push(chartBlock(chart)); // the picture says what the bars would
  else if (failedPerHour.some((n) => n > 0))
    blocks.push(sectionBlock(`Failed per hour \`${sparkline(failedPerHour, 36)}\``));
  const top = topSourcesSection(stats);
  blocks.push(top ?? sectionBlock('No source system had a failed execution.'));
  return blocks;
}
