import type { AlertRuleConfig } from '../config/config.js';
import { userMention } from './alert-actions.js';
import { subjectName } from './alert-sections.js';
import {
  type HeldNotice,
  heldAndAckLines,
  rankedSubjects,
  ruleStatusTitle,
  subjectRate,
} from './alert-status.js';
import { OVERALL, type RuleState } from './alert-view.js';
import { headerBlock, mrkdwn, plainText, sectionBlock, slackDate } from './blocks.js';
import { formatCount, formatCountOf } from './format.js';
import { formatInstant } from './format-time.js';
import type { Block } from './message.js';
import { RULE_MODAL } from './rule-modal.js';

/**
 * The Home tab's alert rules: every rule with its state, as `/exec-stats alerts` lists it but
 * with absolute times, firing ones first (more than HOME_RULES_SHOWN summed up). Where each rule
 * comes from ("from exec-stats.yml", or who changed it last and when, which Slack shows as
 * "5 minutes ago" in each reader's client while the text stays the same), and for admins a
 * "New rule" button and an Edit / Delete menu on each Slack-made rule (YAML rules stay read-only).
 */

export type RuleOrigin =
  | { readonly origin: 'config' }
  | { readonly origin: 'slack'; readonly changedBy: string; readonly changedAt: number };

/** The value of a rule menu option: `edit:<name>` or `delete:<name>`. */
export function ruleMenuValue(verb: 'edit' | 'delete', name: string): string {
  return `${verb}:${name}`;
}

export function readRuleMenuValue(
  value: string,
): { readonly verb: 'edit' | 'delete'; readonly name: string } | null {
  const match = /^(edit|delete):([\s\S]+)$/.exec(value);
  return match === null ? null : { verb: match[1] as 'edit' | 'delete', name: match[2] as string };
}

/** The line under a rule's title saying where it comes from. */
export function originLine(
  origin: RuleOrigin | undefined,
  options: { readonly now: number; readonly timeZone: string },
): string {
  if (origin === undefined || origin.origin === 'config')
    return '_from exec-stats.yml (read-only here)_';
  const fallback = formatInstant(origin.changedAt, options.timeZone, options.now);
  return `_made in Slack · changed by ${userMention(origin.changedBy)} ${slackDate(origin.changedAt, '{ago}', fallback)}_`;
}

/** The "New rule" button under the section's header, for admins. */
export function newRuleBlock(): Block {
  return {
    type: 'actions',
    block_id: 'home_rules_new',
    elements: [
      {
        type: 'button',
        action_id: RULE_MODAL.newAction,
        text: plainText('New rule'),
        value: 'new',
        style: 'primary',
      },
    ],
  };
}

/** A rule's section, with the Edit / Delete menu when the reader may change this rule. */
export function ruleSection(text: string, name: string, editable: boolean): Block {
  return {
    type: 'section',
    text: mrkdwn(text),
    ...(editable
      ? {
          accessory: {
            type: 'overflow',
            action_id: RULE_MODAL.menuAction,
            options: [
              { text: plainText('Edit'), value: ruleMenuValue('edit', name) },
              { text: plainText('Delete…'), value: ruleMenuValue('delete', name) },
            ],
          },
        }
      : {}),
  };
}

/** Rules shown with their state, one section each; more are summed up. */
export const HOME_RULES_SHOWN = 25;
const SUBJECTS_SHOWN = 5;

/** What the rules section reads of the tab's data. */
export interface HomeRulesData {
  /** Every configured rule, in config order. */
  readonly rules: readonly AlertRuleConfig[];
  readonly states: ReadonlyMap<string, RuleState>;
  /** Notifications Slack refused until someone acts, shown under their rule. */
  readonly held?: readonly HeldNotice[];
  /** Where each rule comes from (absent: the YAML file). */
  readonly ruleOrigins?: ReadonlyMap<string, RuleOrigin>;
}

/** The reader's view of the rules: their time zone, and whether they may change rules. */
export interface HomeRulesOptions {
  readonly now: number;
  readonly timeZone: string;
  readonly canChangeRules?: boolean;
}

/**
 * A rule as `/exec-stats alerts` shows it (state, since when, rate per subject, mutes, held
 * notices, who acknowledged), with absolute times only: no "for 12m 5s" that would change the page
 * every minute while nothing else did.
 */
function ruleText(
  rule: AlertRuleConfig,
  state: RuleState | undefined,
  held: readonly HeldNotice[],
  options: HomeRulesOptions,
): string {
  const when = (ms: number) =>
    slackDate(ms, '{date_short_pretty} {time}', formatInstant(ms, options.timeZone, options.now));
  const subjects = rankedSubjects(state);
  // ruleRank is 0, 1 or 2.
  const head = ['✅ ok', '⏳ pending', '🚨 firing'][ruleRank(state)] as string;
  const lines = subjects.slice(0, SUBJECTS_SHOWN).map(([name, s]) => {
    const rate = subjectRate(s);
    const since =
      s.status === 'firing' && s.firingSince !== null ? ` since ${when(s.firingSince)}` : '';
    return `• ${subjectName(name, rule.sources)}: ${s.status}${since}, ${rate}`;
  });
  if (subjects.length > SUBJECTS_SHOWN)
    lines.push(`…and ${formatCountOf(subjects.length - SUBJECTS_SHOWN, 'more source')}`);
  if (subjects.length === 0) lines.push('• not evaluated yet, or no executions in its window');
  const mutes = Object.entries(state?.mutes ?? {}).filter(([, m]) => m.until > options.now);
  for (const [name, m] of mutes.slice(0, SUBJECTS_SHOWN)) {
    lines.push(
      `• 🔕 ${name === OVERALL ? 'muted' : `${subjectName(name)} muted`} until ${when(m.until)} by ${userMention(m.by)}`,
    );
  }
  if (mutes.length > SUBJECTS_SHOWN)
    lines.push(`…and ${formatCountOf(mutes.length - SUBJECTS_SHOWN, 'more mute')}`);
  lines.push(...heldAndAckLines(rule, state, held, when));
  return [ruleStatusTitle(rule, head), ...lines].join('\n');
}

function ruleRank(state: RuleState | undefined): number {
  const statuses = Object.values(state?.subjects ?? {}).map((s) => s.status);
  return statuses.includes('firing') ? 2 : statuses.includes('pending') ? 1 : 0;
}

/** The rules, firing ones first, each with its state and where it comes from; for admins the controls. */
export function ruleBlocks(data: HomeRulesData, options: HomeRulesOptions): Block[] {
  const controls = options.canChangeRules === true ? [newRuleBlock()] : [];
  if (data.rules.length === 0) {
    return [
      sectionBlock(
        '*Alert rules*\nNo alert rules are configured. Admins make them here with "New rule", or in the `alerts` section of the config file; see `exec-stats.example.yml`.',
      ),
      ...controls,
    ];
  }
  // Firing rules first, then pending ones, then the rest; config order within each.
  const ranked = data.rules
    .map((rule, index) => ({ rule, index, rank: ruleRank(data.states.get(rule.name)) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index);
  const shown = ranked.slice(0, HOME_RULES_SHOWN);
  const sections = shown.map(({ rule }) => {
    const origin = data.ruleOrigins?.get(rule.name);
    const text = ruleText(rule, data.states.get(rule.name), data.held ?? [], options);
    const editable = options.canChangeRules === true && origin?.origin === 'slack';
    // Right under the title, so a long rule clamped to Slack's limit still says where it is from.
    const [title, ...rest] = text.split('\n');
    const shownText = [title, originLine(origin, options), ...rest].join('\n');
    return ruleSection(shownText, rule.name, editable);
  });
  const header = headerBlock(`Alert rules (${formatCount(data.rules.length)})`);
  const blocks = [header, ...controls, ...sections];
  const rest = ranked.slice(HOME_RULES_SHOWN);
  if (rest.length > 0) {
    const count = (rank: number) => rest.filter((r) => r.rank === rank).length;
    const parts = [
      count(2) > 0 ? `${formatCount(count(2))} firing` : null,
      count(1) > 0 ? `${formatCount(count(1))} pending` : null,
      count(0) > 0 ? `${formatCount(count(0))} ok` : null,
    ].filter((part) => part !== null);
    blocks.push(
      sectionBlock(
        `…and ${formatCountOf(rest.length, 'more rule')}: ${parts.join(', ')}. \`/exec-stats alerts\` lists every rule.`,
      ),
    );
  }
  return blocks;
}
