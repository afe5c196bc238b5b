import {
  ALERT_ACTION_IDS,
  encodeAlertButton,
  MUTE_BUTTONS,
  userMention,
  windowWord,
} from './alert-actions.js';
import {
  failuresSection,
  reasonsSection,
  subjectLabel,
  subjectsSection,
  thresholdLine,
} from './alert-sections.js';
import { type IncidentView, OVERALL } from './alert-view.js';
import { buttonsBlock, contextBlock, headerBlock, sectionBlock, slackDate } from './blocks.js';
import { type ChartImage, chartBlock } from './chart-block.js';
import { formatSource } from './command-text.js';
import { fitMessage } from './fit-message.js';
import { formatPercent } from './format.js';
import { formatDuration, formatInstant } from './format-time.js';
import { MAX_HEADER_TEXT } from './limits.js';
import type { Block, SlackMessage } from './message.js';
import { escapePlainText, shownValue, truncateText } from './mrkdwn.js';

/**
 * The root message of an incident: what breached and by how much, the most common reasons, the
 * failed executions, a trend, and the buttons. The same builder draws it firing, acknowledged,
 * muted and resolved, so every edit (chat.update) shows one consistent message.
 */

export interface AlertMessageOptions {
  readonly executionUrlTemplate: string;
  /** For fallback texts of dates (Slack shows dates in each reader's own zone). */
  readonly timeZone: string;
  readonly now: number;
  /**
   * The incident's chart (rate against threshold and baseline, firing period shaded), uploaded.
   * It sits under the figures, whose short text trend stays: the figures are the numbers, the
   * picture their shape.
   */
  readonly chart?: ChartImage | null;
}

export function alertHeadline(view: IncidentView): string {
  const firing = view.status === 'resolved' ? view.subjects : view.subjects.filter((s) => s.firing);
  const who = firing.length === 1 && firing[0] !== undefined ? firing[0].subject : null;
  const where =
    who === null
      ? firing.length > 1
        ? ` · ${firing.length} sources`
        : ''
      : ` · ${subjectLabel(view, who)}`;
  return view.status === 'resolved'
    ? `✅ Resolved: ${view.rule}${where}`
    : `🚨 Failure spike: ${view.rule}${where}`;
}

function when(ms: number, options: AlertMessageOptions): string {
  return slackDate(
    ms,
    '{date_short_pretty} {time}',
    formatInstant(ms, options.timeZone, options.now),
  );
}

function statusLine(view: IncidentView, options: AlertMessageOptions): string {
  if (view.status === 'resolved' && view.resolvedAt !== null) {
    return `*Resolved* after ${formatDuration(view.resolvedAt - view.openedAt)} (${when(view.openedAt, options)} – ${when(view.resolvedAt, options)})`;
  }
  const age = options.now - view.openedAt;
  const ago = age < 60_000 ? 'just now' : `for ${formatDuration(age)}`;
  const parts = [`*Firing* since ${when(view.openedAt, options)} (${ago})`];
  if (view.acknowledgedBy !== null)
    parts.push(`Acknowledged by ${userMention(view.acknowledgedBy)}`);
  if (view.mute !== null) {
    const until = slackDate(
      view.mute.until,
      '{time}',
      formatInstant(view.mute.until, options.timeZone, options.now),
    );
    parts.push(`Muted until ${until} by ${userMention(view.mute.by)}`);
  }
  return parts.join(' · ');
}

function viewStatsQuery(view: IncidentView): string {
  const firing = view.subjects.filter((s) => s.firing);
  const only = view.scope === 'per-source' && firing.length === 1 ? firing[0]?.subject : undefined;
  const source = only === undefined || only === OVERALL ? '' : ` ${formatSource(only)}`;
  return `${windowWord(view.windowMs)}${source}`;
}

function buttons(view: IncidentView): Block[] {
  const value = encodeAlertButton({ rule: view.rule, incidentId: view.incidentId });
  const view_ = {
    text: 'View stats',
    actionId: ALERT_ACTION_IDS.viewStats,
    value: viewStatsQuery(view),
  };
  if (view.status === 'resolved') return [buttonsBlock([view_])];
  return [
    buttonsBlock([
      ...(view.acknowledgedBy === null
        ? [{ text: 'Acknowledge', actionId: ALERT_ACTION_IDS.acknowledge, value }]
        : []),
      ...MUTE_BUTTONS.map((b) => ({ text: b.label, actionId: b.actionId, value })),
      view_,
    ]),
  ];
}

export function buildAlertMessage(view: IncidentView, options: AlertMessageOptions): SlackMessage {
  const headline = truncateText(escapePlainText(alertHeadline(view)), MAX_HEADER_TEXT);
  const firing = view.subjects.filter((s) => s.firing);
  // The headline names a lone firing subject already ("… · billing"): naming it again in the
  // notification would read "billing: billing 22.6% failed".
  const named = firing.length === 1;
  const summary = firing
    .slice(0, 3)
    .map(
      (s) =>
        `${named ? '' : `${subjectLabel(view, s.subject)} `}${formatPercent(s.rate)} failed (${s.failed}/${s.terminal})`,
    )
    .join(', ');
  const text =
    view.status === 'resolved'
      ? `${alertHeadline(view)} after ${formatDuration((view.resolvedAt ?? options.now) - view.openedAt)}`
      : `${alertHeadline(view)}: ${summary}`;
  return fitMessage({
    text: escapePlainText(text),
    blocks: [
      headerBlock(headline),
      sectionBlock(statusLine(view, options)),
      ...subjectsSection(view),
      ...(options.chart == null ? [] : [chartBlock(options.chart)]),
      contextBlock([thresholdLine(view)]),
      ...(view.status === 'resolved' ? [] : reasonsSection(view)),
      ...(view.status === 'resolved'
        ? []
        : failuresSection(view, options.executionUrlTemplate, options.timeZone)),
      ...buttons(view),
      contextBlock([
        `Rule ${shownValue(view.rule, 80)} · checked ${when(view.evaluatedAt, options)}`,
      ]),
    ],
  });
}
