import { userMention } from './alert-actions.js';
import { mrkdwn, plainText, slackDate } from './blocks.js';
import { formatInstant } from './format-time.js';
import type { Block } from './message.js';
import { RULE_MODAL } from './rule-modal.js';

/**
 * The Home tab's rule rows, as far as rules made in Slack change them: where each rule comes
 * from ("from exec-stats.yml", or who changed it last and when, which Slack shows as "5 minutes
 * ago" in each reader's client while the text stays the same), and for admins a "New rule" button
 * and an Edit / Delete menu on each Slack-made rule (YAML rules stay read-only).
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
