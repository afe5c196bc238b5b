import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { isLinkableTemplate, renderExecutionUrl } from '../config/execution-url.js';
import type { FailedExecution } from '../stats/types.js';
import {
  type AlertFailure,
  type IncidentView,
  OVERALL,
  type SubjectFigures,
} from './alert-view.js';
import { sectionBlock, slackDate } from './blocks.js';
import { formatCount, formatCountOf, formatPercent } from './format.js';
import { displayZone, formatDuration } from './format-time.js';
import { MAX_SECTION_TEXT } from './limits.js';
import type { Block } from './message.js';
import { mrkdwnLink, shownValue } from './mrkdwn.js';
import { sparkline } from './sparkline.js';

/**
 * The parts of alert messages: one line per subject with its figures, the most common failure
 * reasons, and the failed executions as links. Every API value (source systems, reasons, IDs)
 * goes through shownValue / mrkdwnLink.
 */

export const ALERT_FAILURES_SHOWN = 10;
export const ALERT_SUBJECTS_SHOWN = 15;
export const ALERT_REASONS_SHOWN = 5;
const MAX_SOURCE = 60;
const MAX_REASON = 120;
const MAX_ID = 80;
const MAX_LINK_URL = 500;
const TREND_CHARS = 12;

/** A subject as people read it, escaped: a source system, or what an overall rule watches. */
export function subjectName(subject: string, sources: readonly string[] | null = null): string {
  if (subject !== OVERALL) return shownValue(subject, MAX_SOURCE);
  return sources === null ? 'all sources' : shownValue(sources.join(', '), MAX_SOURCE * 2);
}

/** The same, unescaped, for plain texts (notifications) that are escaped as a whole. */
export function subjectLabel(view: Pick<IncidentView, 'sources'>, subject: string): string {
  if (subject !== OVERALL) return subject;
  return view.sources === null ? 'all sources' : view.sources.join(', ');
}

/** "*billing*: failed *12* of 40 (30%) · baseline 2% · trend ▁▂▅█" */
export function figuresLine(
  view: Pick<IncidentView, 'sources'>,
  f: SubjectFigures & { readonly history?: readonly number[] },
): string {
  const parts = [
    `*${subjectName(f.subject, view.sources)}*: failed *${formatCount(f.failed)}* of ${formatCount(f.terminal)} (${f.terminal > 0 ? formatPercent(f.rate) : 'n/a'})`,
  ];
  if (f.baselineRate !== null) parts.push(`baseline ${formatPercent(f.baselineRate)}`);
  if (f.history !== undefined && f.history.length > 1) {
    // Rates as whole per mille, so the bars compare rates, not volumes.
    parts.push(
      `trend ${sparkline(
        f.history.map((r) => Math.round(r * 1000)),
        TREND_CHARS,
      )}`,
    );
  }
  return parts.join(' · ');
}

/**
 * What it takes to fire, in words: "Fires at ≥ 20% failed with at least 5 failures in 15m, and at
 * least 3× the rate of the 1d before; recovers below 10%." Counts are said in words ("at least 1
 * failure"), so the noun agrees with the number; the rate keeps "≥", which reads well before a %.
 */
export function thresholdLine(view: IncidentView): string {
  const t = view.thresholds;
  const base = `Fires at ≥ ${formatPercent(t.failureRate)} failed with at least ${formatCountOf(t.minFailures, 'failure')} in ${formatDuration(view.windowMs)}`;
  const baseline =
    t.baselineFactor !== null && t.baselineWindowMs !== null
      ? `, and at least ${t.baselineFactor}× the rate of the ${formatDuration(t.baselineWindowMs)} before`
      : '';
  return `${base}${baseline}; recovers below ${formatPercent(t.recoverRate)}.`;
}

export function subjectsSection(view: IncidentView, subjects = view.subjects): Block[] {
  if (subjects.length === 0) return [];
  const shown = subjects.slice(0, ALERT_SUBJECTS_SHOWN).map((s) => {
    const mark = view.status === 'firing' && !s.firing ? ' (recovered)' : '';
    return `• ${figuresLine(view, s)}${mark}`;
  });
  const more = subjects.length - shown.length;
  if (more > 0) shown.push(`…and ${formatCountOf(more, 'more source system')}`);
  return pack(shown, MAX_SECTION_TEXT).map(sectionBlock);
}

export function reasonsSection(view: IncidentView): Block[] {
  if (view.reasons.length === 0) return [];
  const lines = view.reasons
    .slice(0, ALERT_REASONS_SHOWN)
    .map((r) => `• ${formatCount(r.count)} × ${shownValue(r.reason, MAX_REASON)}`);
  const more = view.reasons.length - ALERT_REASONS_SHOWN;
  if (more > 0) lines.push(`…and ${formatCountOf(more, 'more reason')}`);
  return [sectionBlock(`*Most common failure reasons*\n${lines.join('\n')}`)];
}

function asFailedExecution(f: AlertFailure): FailedExecution {
  return {
    executionId: f.executionId,
    runId: f.runId,
    workflowId: f.workflowId,
    sourceSystem: f.sourceSystem,
    status: 'workflow_failed',
    statusReason: f.statusReason,
    createdAt: null,
    finishedAt: null,
  };
}

/** "<link|exec-1> · billing · 5 min ago · payment provider timed out" */
export function failureLine(
  f: AlertFailure,
  template: string,
  linkable: boolean,
  timeZone: string,
): string {
  const url = renderExecutionUrl(template, asFailedExecution(f));
  const id =
    linkable && url.length <= MAX_LINK_URL && f.executionId.trim() !== ''
      ? mrkdwnLink(url, f.executionId, MAX_ID)
      : shownValue(f.executionId, MAX_ID);
  const parts = [id];
  if (f.sourceSystem) parts.push(shownValue(f.sourceSystem, MAX_SOURCE));
  if (f.at !== null)
    parts.push(slackDate(f.at, '{time}', format(f.at, 'HH:mm', { in: tz(displayZone(timeZone)) })));
  if (f.statusReason?.trim()) parts.push(shownValue(f.statusReason, MAX_REASON));
  return `• ${parts.join(' · ')}`;
}

/** The first ALERT_FAILURES_SHOWN failures, then "…and N more (in the thread)". */
export function failuresSection(view: IncidentView, template: string, timeZone: string): Block[] {
  const failed = view.subjects.reduce((n, s) => n + (s.firing ? s.failed : 0), 0);
  if (view.failures.length === 0) return [];
  const linkable = isLinkableTemplate(template);
  const shown = view.failures.slice(0, ALERT_FAILURES_SHOWN);
  const rest = view.failures.length - shown.length;
  const title = `*Failed executions* (latest ${shown.length} of ${formatCount(Math.max(failed, view.failures.length))})`;
  const lines = shown.map((f) => failureLine(f, template, linkable, timeZone));
  if (rest > 0) lines.push(`…and ${formatCount(rest)} more, listed in the thread`);
  return pack([title, ...lines], MAX_SECTION_TEXT).map(sectionBlock);
}

/** Lines joined into texts of at most `max` characters, each line whole. */
export function pack(lines: readonly string[], max: number): string[] {
  const texts: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > max) {
      texts.push(current);
      current = line;
    } else current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') texts.push(current);
  return texts;
}
