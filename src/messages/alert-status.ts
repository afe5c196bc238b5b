import type { AlertRuleConfig } from '../config/config.js';
import { userMention } from './alert-actions.js';
import { subjectName } from './alert-sections.js';
import { OVERALL, type RuleState, type SubjectState } from './alert-view.js';
import { headerBlock, sectionBlock, slackDate } from './blocks.js';
import { fitMessage } from './fit-message.js';
import { formatCountOf, formatPercent } from './format.js';
import { formatDuration, formatInstant } from './format-time.js';
import type { SlackMessage } from './message.js';
import { shownValue } from './mrkdwn.js';

/**
 * `/exec-stats alerts`: each rule with its state (ok, pending, firing since when), its current
 * rate, and its mutes. A per-source rule lists its firing and pending sources first, then the
 * highest rates, a few of them.
 */

const SUBJECTS_SHOWN = 5;

/** A notification Slack refused until someone acts (alerts/deliver.ts), as the status shows it. */
export interface HeldNotice {
  readonly rule: string;
  readonly channel: string;
  /** Slack's error code. */
  readonly reason: string;
  readonly since: number;
}

export function buildAlertStatusMessage(
  rules: readonly AlertRuleConfig[],
  states: ReadonlyMap<string, RuleState>,
  options: {
    readonly now: number;
    readonly timeZone: string;
    readonly held?: readonly HeldNotice[];
  },
): SlackMessage {
  if (rules.length === 0) {
    return fitMessage({
      text: 'No alert rules are configured.',
      blocks: [
        sectionBlock('No alert rules are configured (the `alerts` section of the config file).'),
      ],
    });
  }
  const when = (ms: number) =>
    slackDate(ms, '{date_short_pretty} {time}', formatInstant(ms, options.timeZone, options.now));
  const blocks = rules.map((rule) => {
    const state = states.get(rule.name);
    const subjects = rankedSubjects(state);
    const firing = subjects.filter(([, s]) => s.status === 'firing');
    const head =
      firing.length > 0
        ? '🚨 firing'
        : subjects.some(([, s]) => s.status === 'pending')
          ? '⏳ pending'
          : '✅ ok';
    const lines = subjects.slice(0, SUBJECTS_SHOWN).map(([name, s]) => {
      const rate = subjectRate(s);
      const since =
        s.status === 'firing' && s.firingSince !== null
          ? ` since ${when(s.firingSince)} (${formatDuration(options.now - s.firingSince)})`
          : '';
      return `• ${subjectName(name)}: ${s.status}${since}, ${rate}`;
    });
    if (subjects.length > SUBJECTS_SHOWN)
      lines.push(`…and ${formatCountOf(subjects.length - SUBJECTS_SHOWN, 'more source')}`);
    if (subjects.length === 0) lines.push('• not evaluated yet, or no executions in its window');
    for (const [name, m] of Object.entries(state?.mutes ?? {})) {
      if (m.until > options.now)
        lines.push(
          `• 🔕 ${name === OVERALL ? 'muted' : `${subjectName(name)} muted`} until ${when(m.until)} by ${userMention(m.by)}`,
        );
    }
    lines.push(...heldAndAckLines(rule, state, options.held ?? [], when));
    return sectionBlock([ruleStatusTitle(rule, head), ...lines].join('\n'));
  });
  return fitMessage({
    text: `Alert rules (${rules.length})`,
    blocks: [headerBlock(`Alert rules (${rules.length})`), ...blocks],
  });
}

/**
 * A rule's title line in its status: name, state, scope, window, threshold, and its baseline when
 * it has one (a rule that also asks for 3× the day before fires far less than its threshold
 * alone suggests). The same here and on the Home tab (home-rules.ts), so a rule reads alike in both.
 */
export function ruleStatusTitle(rule: AlertRuleConfig, head: string): string {
  const baseline =
    rule.baseline === null
      ? ''
      : ` and ≥ ${rule.baseline.factor}× its ${formatDuration(rule.baseline.windowMs)} baseline`;
  return `*${shownValue(rule.name, 80)}* · ${head} · ${rule.scope}, window ${formatDuration(rule.windowMs)}, fires at ≥ ${formatPercent(rule.failureRate)}${baseline}`;
}

/**
 * A rule's last status lines, the same here and on the Home tab: its held notifications (one line
 * per channel, with since when) and who acknowledged its open incident.
 */
export function heldAndAckLines(
  rule: AlertRuleConfig,
  state: RuleState | undefined,
  held: readonly HeldNotice[],
  when: (ms: number) => string,
): string[] {
  const lines: string[] = [];
  const mine = held.filter((h) => h.rule === rule.name);
  for (const channel of new Set(mine.map((h) => h.channel))) {
    const first = mine.find((h) => h.channel === channel) as HeldNotice;
    lines.push(`• ⚠️ ${heldLine(first)} (since ${when(first.since)})`);
  }
  if (state?.incident?.acknowledgedBy)
    lines.push(`• acknowledged by ${userMention(state.incident.acknowledgedBy)}`);
  return lines;
}

/** What a person reading the status should do about a held alert. */
export function heldLine(held: Pick<HeldNotice, 'channel' | 'reason'>): string {
  const channel = `<#${held.channel}>`;
  switch (held.reason) {
    case 'not_in_channel':
      return `not posted: invite the bot to ${channel} (\`/invite @exec-stats\`); it is posted as soon as it is there`;
    case 'channel_not_found':
    case 'is_archived':
      return `not posted: ${channel} cannot be posted to (\`${held.reason}\`); check the rule's channel`;
    default:
      return `not posted in ${channel}: Slack says \`${shownValue(held.reason, 60)}\`; it is tried again every cycle`;
  }
}

function rank(s: SubjectState): number {
  return s.status === 'firing' ? 2 : s.status === 'pending' ? 1 : 0;
}

/** A rule's subjects as its status lists them: firing, then pending, then the highest rates. */
export function rankedSubjects(state: RuleState | undefined): [string, SubjectState][] {
  return Object.entries(state?.subjects ?? {}).sort(
    ([, a], [, b]) => rank(b) - rank(a) || (b.last?.rate ?? 0) - (a.last?.rate ?? 0),
  );
}

/** A subject's last rate, `12.5% (5/40)`, or `n/a` before its first evaluation. */
export function subjectRate(s: SubjectState): string {
  return s.last === null
    ? 'n/a'
    : `${formatPercent(s.last.rate)} (${s.last.failed}/${s.last.terminal})`;
}
