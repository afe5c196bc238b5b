import { isLinkableTemplate } from '../config/execution-url.js';
import {
  ALERT_FAILURES_SHOWN,
  failureLine,
  figuresLine,
  pack,
  subjectLabel,
} from './alert-sections.js';
import type { IncidentView } from './alert-view.js';
import { contextBlock, sectionBlock } from './blocks.js';
import { fitMessage } from './fit-message.js';
import { formatCount, formatPercent } from './format.js';
import { formatDuration } from './format-time.js';
import { MAX_SECTION_TEXT } from './limits.js';
import type { SlackMessage } from './message.js';
import { escapePlainText } from './mrkdwn.js';

/**
 * Replies in an incident's thread: another source system joined, a reminder that it still fires
 * (at most one per `renotify`), the recovery, and the failed executions the root had no room for.
 */

function figuresOf(view: IncidentView, subjects: readonly string[]): string[] {
  return view.subjects
    .filter((s) => subjects.includes(s.subject))
    .map((s) => `• ${figuresLine(view, s)}`);
}

/** Another subject fired during the incident, or it fires again soon after recovering (`again`). */
export function buildJoinedReply(
  view: IncidentView,
  subjects: readonly string[],
  again = false,
): SlackMessage {
  const names = subjects.map((s) => subjectLabel(view, s)).join(', ');
  const title = again ? 'Firing again' : 'Also breaching now';
  return fitMessage({
    text: escapePlainText(`${title}: ${names}`),
    blocks: pack([`⚠️ *${title}*`, ...figuresOf(view, subjects)], MAX_SECTION_TEXT).map(
      sectionBlock,
    ),
  });
}

export function buildReminderReply(
  view: IncidentView,
  subjects: readonly string[],
  now: number,
): SlackMessage {
  const duration = formatDuration(now - view.openedAt);
  return fitMessage({
    text: `Still firing after ${duration}`,
    blocks: [
      ...pack(
        [`⏰ *Still firing* after ${duration}`, ...figuresOf(view, subjects)],
        MAX_SECTION_TEXT,
      ).map(sectionBlock),
      contextBlock([
        'Acknowledge the alert to stop these reminders; it will still say when it recovers.',
      ]),
    ],
  });
}

export function buildResolvedReply(view: IncidentView): SlackMessage {
  const duration = formatDuration((view.resolvedAt ?? view.evaluatedAt) - view.openedAt);
  const lines = view.subjects.map((s) => `• ${figuresLine(view, { ...s, history: [] })}`);
  return fitMessage({
    text: `Resolved after ${duration}`,
    blocks: pack(
      [
        `✅ *Recovered* after ${duration}: below ${formatPercent(view.thresholds.recoverRate)} failed`,
        ...lines,
      ],
      MAX_SECTION_TEXT,
    ).map(sectionBlock),
  });
}

/** The failures after the first ALERT_FAILURES_SHOWN, for the thread; null when there are none. */
export function buildMoreFailuresReply(
  view: IncidentView,
  executionUrlTemplate: string,
  timeZone: string,
): SlackMessage | null {
  const rest = view.failures.slice(ALERT_FAILURES_SHOWN);
  if (rest.length === 0) return null;
  const linkable = isLinkableTemplate(executionUrlTemplate);
  const title = `*More failed executions* (${formatCount(rest.length)} after the first ${ALERT_FAILURES_SHOWN})`;
  const what = rest.length === 1 ? 'execution' : 'executions';
  const lines = rest.map((f) => failureLine(f, executionUrlTemplate, linkable, timeZone));
  return fitMessage({
    text: `${formatCount(rest.length)} more failed ${what}`,
    blocks: pack([title, ...lines], MAX_SECTION_TEXT).map(sectionBlock),
  });
}
