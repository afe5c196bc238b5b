import type { AlertRuleConfig } from '../config/config.js';
import { ALERT_ACTION_IDS, encodeAlertButton, MUTE_BUTTONS, userMention } from './alert-actions.js';
import { pack, subjectName } from './alert-sections.js';
import { OVERALL, type RuleState } from './alert-view.js';
import { plainText, sectionBlock, slackDate } from './blocks.js';
import { formatCount, formatCountOf } from './format.js';
import { formatInstant } from './format-time.js';
import { MAX_SECTION_TEXT } from './limits.js';
import type { Block } from './message.js';
import { channelRef, mrkdwnLink, SLACK_ID, shownValue } from './mrkdwn.js';

/**
 * The Home tab's incidents: every open one, linked to its thread, with since when, where, who
 * acknowledged it and any mute; the first few with the alert message's own buttons.
 */

/** Incidents listed by name; more are counted. */
export const HOME_INCIDENTS_SHOWN = 20;
/** Incidents shown with their Acknowledge and Mute buttons (two blocks each); later ones as lines. */
export const HOME_INCIDENT_ROWS = 5;

/** Where an incident's root message is, so the tab can link its thread. */
export interface IncidentThread {
  readonly channel: string;
  readonly ts: string;
}

/** What the incidents section reads of the tab's data. */
export interface HomeIncidentsData {
  /** Every configured rule, in config order. */
  readonly rules: readonly AlertRuleConfig[];
  readonly states: ReadonlyMap<string, RuleState>;
  /** Each open incident's root message, by rule name (absent: not posted, e.g. muted). */
  readonly threads: ReadonlyMap<string, IncidentThread>;
}

const MESSAGE_TS = /^\d{1,12}\.\d{1,9}$/;

/** `https://slack.com/archives/<channel>/p<ts without the dot>`, or null for odd values. */
export function threadUrl(thread: IncidentThread): string | null {
  if (!SLACK_ID.test(thread.channel) || !MESSAGE_TS.test(thread.ts)) return null;
  return `https://slack.com/archives/${thread.channel}/p${thread.ts.replace('.', '')}`;
}

/** "Firing now": each open incident, linked to its thread; past HOME_INCIDENTS_SHOWN, counted. */
export function incidentBlocks(
  data: HomeIncidentsData,
  options: { readonly now: number; readonly timeZone: string },
): Block[] {
  const when = (ms: number) =>
    slackDate(ms, '{date_short_pretty} {time}', formatInstant(ms, options.timeZone, options.now));
  const open = data.rules.flatMap((rule) => {
    const state = data.states.get(rule.name);
    const incident = state?.incident;
    if (state === undefined || incident === null || incident === undefined) return [];
    return [{ rule, state, incident }];
  });
  if (open.length === 0) {
    return [sectionBlock('*Firing now*\n✅ Nothing is firing.')];
  }
  const lines = open.slice(0, HOME_INCIDENTS_SHOWN).map(({ rule, state, incident }) => {
    const name = shownValue(rule.name, 80);
    const thread = data.threads.get(rule.name);
    const url = thread === undefined ? null : threadUrl(thread);
    const title = url === null ? `*${name}*` : `*${mrkdwnLink(url, rule.name, 80)}*`;
    const firing = Object.entries(state.subjects)
      .filter(([, s]) => s.status === 'firing')
      .map(([subject]) => subject);
    const subjects = (firing.length > 0 ? firing : incident.subjects)
      .filter((subject) => subject !== OVERALL || rule.sources !== null)
      .slice(0, 5)
      .map((subject) => subjectName(subject, rule.sources));
    const more = firing.length > 5 ? ` +${firing.length - 5}` : '';
    const parts = [
      `🚨 ${title}${subjects.length > 0 ? ` (${subjects.join(', ')}${more})` : ''}`,
      `since ${when(incident.openedAt)}`,
      thread === undefined
        ? `not posted yet in ${channelRef(rule.channel)}`
        : channelRef(thread.channel),
    ];
    if (incident.acknowledgedBy !== null)
      parts.push(`acknowledged by ${userMention(incident.acknowledgedBy)}`);
    const mute = latestMute(state, options.now);
    if (mute !== null) parts.push(`🔕 muted until ${when(mute.until)} by ${userMention(mute.by)}`);
    return `• ${parts.join(' · ')}`;
  });
  if (open.length > HOME_INCIDENTS_SHOWN)
    lines.push(`…and ${formatCountOf(open.length - HOME_INCIDENTS_SHOWN, 'more incident')}`);
  // The first few each with the alert message's own Acknowledge and Mute buttons (same action
  // IDs, same handlers, checked the same way); the rest as lines.
  const rows = open
    .slice(0, HOME_INCIDENT_ROWS)
    .flatMap(({ rule, incident }, index) => [
      sectionBlock(lines[index] ?? ''),
      incidentButtons(rule.name, incident.id, incident.acknowledgedBy !== null),
    ]);
  const rest = lines.slice(Math.min(open.length, HOME_INCIDENT_ROWS));
  return [
    sectionBlock(`*Firing now* (${formatCount(open.length)})`),
    ...rows,
    ...pack(rest, MAX_SECTION_TEXT).map(sectionBlock),
  ];
}

function latestMute(state: RuleState, now: number): { until: number; by: string } | null {
  let latest: { until: number; by: string } | null = null;
  for (const mute of Object.values(state.mutes)) {
    if (mute.until > now && (latest === null || mute.until > latest.until)) latest = mute;
  }
  return latest;
}

/**
 * An incident's buttons on the Home tab: the alert message's own Acknowledge and Mute buttons
 * (the same action IDs and values), so one handler (alerts/actions.ts) answers both, with the
 * same checks. Acknowledge is left off once someone has.
 */
export function incidentButtons(rule: string, incidentId: string, acknowledged: boolean): Block {
  const value = encodeAlertButton({ rule, incidentId });
  return {
    type: 'actions',
    elements: [
      ...(acknowledged
        ? []
        : [
            {
              type: 'button' as const,
              action_id: ALERT_ACTION_IDS.acknowledge,
              text: plainText('Acknowledge'),
              value,
            },
          ]),
      ...MUTE_BUTTONS.map((button) => ({
        type: 'button' as const,
        action_id: button.actionId,
        text: plainText(button.label),
        value,
      })),
    ],
  };
}
