import { isLinkableTemplate, renderExecutionUrl } from '../config/execution-url.js';
import type { FailedExecution, Timestamp } from '../stats/types.js';
import { sectionBlock } from './blocks.js';
import { formatCount } from './format.js';
import { formatRelative } from './format-time.js';
import { MAX_SECTION_TEXT } from './limits.js';
import type { Block } from './message.js';
import { mrkdwnLink, shownValue } from './mrkdwn.js';

/**
 * "Latest failed executions": up to LATEST_FAILURES, newest first (the order Stats keeps), each an
 * execution ID linked through the configured template, its workflow, source system, when it
 * finished, and its reason cut to fit. Items are packed into as many sections as the 3,000
 * character limit needs, and never split across two.
 */

export const LATEST_FAILURES = 10;
const MAX_ID = 80;
const MAX_WORKFLOW = 60;
const MAX_SOURCE = 40;
const MAX_REASON = 150;
const MAX_RAW_TIME = 40;
/** A longer link (a huge ID) is shown as plain text, so one failure cannot eat the message. */
const MAX_LINK_URL = 500;

export interface FailuresInput {
  readonly failures: readonly FailedExecution[];
  /** Failed executions in the window per the counts; may exceed the failures the API listed. */
  readonly failedCount: number;
  readonly executionUrlTemplate: string;
  readonly now: number;
}

/** "5 min ago", "not finished", or the provider's string when it does not parse. */
export function finishedWhen(finishedAt: Timestamp | null, now: number): string {
  if (finishedAt === null || finishedAt.raw.trim() === '') return 'not finished';
  if (finishedAt.ms === null) return shownValue(finishedAt.raw, MAX_RAW_TIME);
  return formatRelative(finishedAt.ms, now);
}

function executionLabel(failure: FailedExecution, template: string, linkable: boolean): string {
  const url = renderExecutionUrl(template, failure);
  if (linkable && url.length <= MAX_LINK_URL && failure.executionId.trim() !== '') {
    return mrkdwnLink(url, failure.executionId, MAX_ID);
  }
  return shownValue(failure.executionId, MAX_ID);
}

function failureItem(failure: FailedExecution, template: string, linkable: boolean, now: number) {
  const parts = [
    executionLabel(failure, template, linkable),
    ...(failure.workflowId ? [shownValue(failure.workflowId, MAX_WORKFLOW)] : []),
    ...(failure.sourceSystem ? [shownValue(failure.sourceSystem, MAX_SOURCE)] : []),
    ...(failure.status !== 'workflow_failed' ? [shownValue(failure.status, MAX_SOURCE)] : []),
    finishedWhen(failure.finishedAt, now),
  ];
  const reason = failure.statusReason?.trim()
    ? shownValue(failure.statusReason, MAX_REASON)
    : 'no reason given';
  return `• ${parts.join(' · ')}\n   ↳ ${reason}`;
}

/** Joins items into texts of at most `max` characters, each item whole. */
function pack(items: readonly string[], max: number): string[] {
  const texts: string[] = [];
  let current = '';
  for (const item of items) {
    if (current !== '' && current.length + 1 + item.length > max) {
      texts.push(current);
      current = item;
    } else {
      current = current === '' ? item : `${current}\n${item}`;
    }
  }
  if (current !== '') texts.push(current);
  return texts;
}

/** The section(s), or nothing when the window had no failure. */
export function failuresBlocks(input: FailuresInput): Block[] {
  const { failures, executionUrlTemplate, now } = input;
  const failedCount = Math.max(input.failedCount, failures.length);
  if (failedCount === 0) return [];
  const shown = failures.slice(0, LATEST_FAILURES);
  const title =
    shown.length < failedCount
      ? `*Latest failed executions* (${shown.length} of ${formatCount(failedCount)})`
      : '*Latest failed executions*';
  if (shown.length === 0) {
    return [sectionBlock(`${title}\nThe API listed none of these failures.`)];
  }
  const linkable = isLinkableTemplate(executionUrlTemplate);
  const items = shown.map((failure) => failureItem(failure, executionUrlTemplate, linkable, now));
  const more = failedCount - shown.length;
  if (more > 0) items.push(`…and ${formatCount(more)} more failed`);
  return pack([title, ...items], MAX_SECTION_TEXT).map(sectionBlock);
}
