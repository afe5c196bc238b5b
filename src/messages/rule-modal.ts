import type { types } from '@slack/bolt';
import { contextBlock, mrkdwn, plainText, sectionBlock } from './blocks.js';
import type { Block } from './message.js';
import { escapeEntities, shownValue } from './mrkdwn.js';

/**
 * The alert rule modal (create and edit), as data. Every input has its own block_id, which is what
 * `response_action: "errors"` keys its messages by, so a problem is shown next to its field. The
 * sources are a multi-select of the source systems a recent stats query reported (Slack allows 100
 * options; without any, a text field takes names separated by commas). The Preview button's
 * result is a section at the bottom, replaced by `views.update`.
 */

export const RULE_MODAL = {
  callbackId: 'exec_stats_rule_modal',
  previewAction: 'exec_stats_rule_preview',
  newAction: 'exec_stats_rule_new',
  /** The Home tab's Edit / Delete menu on a Slack-made rule. */
  menuAction: 'exec_stats_rule_menu',
  /** The "Delete rule?" confirmation modal. */
  deleteCallbackId: 'exec_stats_rule_delete',
  previewBlock: 'rule_preview_result',
} as const;

/** The block_id (and action_id) of each field. */
export const RULE_FIELDS = {
  name: 'rule_name',
  scope: 'rule_scope',
  sources: 'rule_sources',
  window: 'rule_window',
  failureRate: 'rule_failure_rate',
  minFailures: 'rule_min_failures',
  for: 'rule_for',
  recoverRate: 'rule_recover_rate',
  channel: 'rule_channel',
} as const;

export type RuleField = keyof typeof RULE_FIELDS;

/** How the rule looks at sources: all together, only the chosen ones together, or each on its own. */
export type ScopeChoice = 'overall' | 'chosen' | 'per-source';

/** The form's values as text, as typed (or as stored, when editing). */
export interface RuleFormValues {
  readonly name: string;
  readonly scope: ScopeChoice;
  readonly sources: readonly string[];
  readonly window: string;
  readonly failureRate: string;
  readonly minFailures: string;
  readonly for: string;
  readonly recoverRate: string;
  readonly channel: string | null;
}

export const NEW_RULE_VALUES: RuleFormValues = {
  name: '',
  scope: 'overall',
  sources: [],
  window: '15m',
  failureRate: '20%',
  minFailures: '5',
  for: '2',
  recoverRate: '',
  channel: null,
};

/** What the modal keeps between interactions (private_metadata). */
export interface RuleModalMetadata {
  readonly mode: 'create' | 'edit';
  /** The rule being edited (its name cannot change). */
  readonly name: string | null;
  /** The channel the modal was opened from (a command), for the conversation picker's default. */
  readonly channel: string | null;
}

export interface RuleModalInput {
  readonly metadata: RuleModalMetadata;
  readonly values: RuleFormValues;
  /** Source systems a recent stats query reported, most executions first. */
  readonly knownSources: readonly string[];
  /** The preview's result or progress, already mrkdwn; null before any preview. */
  readonly preview: string | null;
}

/** Slack: at most 100 options in a select; option texts at most 75 characters. */
const MAX_OPTIONS = 100;
const MAX_OPTION_TEXT = 75;

export function buildRuleModal(input: RuleModalInput): types.ModalView {
  const { metadata, values } = input;
  const blocks: Block[] = [
    metadata.mode === 'edit'
      ? sectionBlock(`*Rule:* ${shownValue(metadata.name ?? values.name, 150)}`)
      : textInput('name', 'Name', values.name, 'e.g. billing-spike', 'Unique among all rules.'),
    scopeInput(values.scope),
    sourcesInput(values.sources, input.knownSources),
    textInput(
      'window',
      'Window',
      values.window,
      '15m',
      'The look-back of each evaluation: 5m, 1h, 1d…',
    ),
    textInput(
      'failureRate',
      'Failure rate to fire at',
      values.failureRate,
      '20%',
      'Failed / finished in the window: 20% or 0.2.',
    ),
    textInput(
      'minFailures',
      'Minimum failures',
      values.minFailures,
      '5',
      'Never fire on fewer failed executions than this.',
    ),
    textInput(
      'for',
      'Evaluations in a row (for)',
      values.for,
      '2',
      'Breaching evaluations in a row before it fires.',
    ),
    textInput(
      'recoverRate',
      'Recover below',
      values.recoverRate,
      'half the failure rate',
      'Optional: 10% or 0.1.',
      true,
    ),
    channelInput(values.channel ?? metadata.channel),
    {
      type: 'actions',
      block_id: 'rule_preview_actions',
      elements: [
        {
          type: 'button',
          action_id: RULE_MODAL.previewAction,
          text: plainText('Preview: last 7 days'),
          value: 'preview',
        },
      ],
    },
  ];
  if (input.preview !== null) {
    blocks.push({
      type: 'section',
      block_id: RULE_MODAL.previewBlock,
      text: mrkdwn(input.preview),
    });
    blocks.push(
      contextBlock([
        'Hourly buckets: a spike shorter than an hour is diluted by its hour, and `for` counts hours here.',
      ]),
    );
  }
  return {
    type: 'modal',
    callback_id: RULE_MODAL.callbackId,
    private_metadata: JSON.stringify(metadata),
    title: plainText(metadata.mode === 'edit' ? 'Edit alert rule' : 'New alert rule'),
    submit: plainText('Save'),
    close: plainText('Cancel'),
    blocks,
  };
}

/** The metadata of a rule modal, or null when it is not one of ours. */
export function readRuleModalMetadata(text: string | undefined): RuleModalMetadata | null {
  try {
    const value = JSON.parse(text ?? '') as Partial<RuleModalMetadata>;
    if (value.mode !== 'create' && value.mode !== 'edit') return null;
    return {
      mode: value.mode,
      name: typeof value.name === 'string' ? value.name : null,
      channel: typeof value.channel === 'string' ? value.channel : null,
    };
  } catch {
    return null;
  }
}

function textInput(
  field: RuleField,
  label: string,
  value: string,
  placeholder: string,
  hint: string,
  optional = false,
): Block {
  return {
    type: 'input',
    block_id: RULE_FIELDS[field],
    label: plainText(label),
    hint: plainText(hint),
    optional,
    element: {
      type: 'plain_text_input',
      action_id: RULE_FIELDS[field],
      placeholder: plainText(placeholder),
      ...(value === '' ? {} : { initial_value: value }),
    },
  };
}

const SCOPES: readonly { value: ScopeChoice; text: string }[] = [
  { value: 'overall', text: 'All sources together' },
  { value: 'chosen', text: 'Only the chosen sources, together' },
  { value: 'per-source', text: 'Each source on its own' },
];

function scopeInput(scope: ScopeChoice): Block {
  const options = SCOPES.map((s) => ({ text: plainText(s.text), value: s.value }));
  return {
    type: 'input',
    block_id: RULE_FIELDS.scope,
    label: plainText('Scope'),
    element: {
      type: 'radio_buttons',
      action_id: RULE_FIELDS.scope,
      options,
      initial_option: options.find((o) => o.value === scope) ?? options[0],
    },
  };
}

function sourcesInput(chosen: readonly string[], known: readonly string[]): Block {
  const label = plainText('Source systems');
  const hint = plainText(
    'For "only the chosen sources"; for "each on its own", limits it to these.',
  );
  if (known.length === 0) {
    return {
      type: 'input',
      block_id: RULE_FIELDS.sources,
      label,
      hint: plainText('Names separated by commas, e.g. billing, shipping.'),
      optional: true,
      element: {
        type: 'plain_text_input',
        action_id: RULE_FIELDS.sources,
        ...(chosen.length === 0 ? {} : { initial_value: chosen.join(', ') }),
      },
    };
  }
  // The chosen ones first, so a rule's own sources stay selectable past the cap.
  const names = [...new Set([...chosen, ...known])].slice(0, MAX_OPTIONS);
  const option = (name: string) => ({
    text: plainText(
      name.length > MAX_OPTION_TEXT ? `${name.slice(0, MAX_OPTION_TEXT - 1)}…` : name,
    ),
    value: name,
  });
  const initial = chosen.filter((name) => names.includes(name)).map(option);
  return {
    type: 'input',
    block_id: RULE_FIELDS.sources,
    label,
    hint,
    optional: true,
    element: {
      type: 'multi_static_select',
      action_id: RULE_FIELDS.sources,
      placeholder: plainText('Choose source systems'),
      options: names.map(option),
      ...(initial.length === 0 ? {} : { initial_options: initial }),
    },
  };
}

function channelInput(channel: string | null): Block {
  return {
    type: 'input',
    block_id: RULE_FIELDS.channel,
    label: plainText('Post alerts in'),
    element: {
      type: 'conversations_select',
      action_id: RULE_FIELDS.channel,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
      ...(channel === null ? {} : { initial_conversation: channel }),
    },
  };
}

/** The preview's text: "Over the last 7 days this rule would have fired N times", and when. */
export function previewText(input: {
  readonly firings: readonly { readonly at: string; readonly subjects: string }[];
  readonly more: number;
  readonly hoursFiring: number;
  readonly zone: string;
}): string {
  const n = input.firings.length + input.more;
  const head = `*Over the last 7 days this rule would have fired ${n} time${n === 1 ? '' : 's'}.*`;
  if (n === 0) return `${head}\nIt would not have posted anything.`;
  const lines = input.firings.map(
    (f) => `• ${f.at}${f.subjects === '' ? '' : ` (${escapeEntities(f.subjects)})`}`,
  );
  if (input.more > 0) lines.push(`• …and ${input.more} more`);
  return `${head} Times in ${escapeEntities(input.zone)}; firing for ${input.hoursFiring} h in all:\n${lines.join('\n')}`;
}

/** "Delete rule X?": its own modal, so a slip on the Home tab's menu deletes nothing. */
export function buildDeleteRuleModal(name: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: RULE_MODAL.deleteCallbackId,
    private_metadata: JSON.stringify({ name }),
    title: plainText('Delete alert rule'),
    submit: plainText('Delete'),
    close: plainText('Keep it'),
    blocks: [
      sectionBlock(
        `Delete *${shownValue(name, 150)}*? It stops being evaluated at the next cycle; an incident it has open is closed in its thread.`,
      ),
    ],
  };
}

/** The rule a delete confirmation names, or null. */
export function readDeleteRuleMetadata(text: string | undefined): string | null {
  try {
    const value = JSON.parse(text ?? '') as { name?: unknown };
    return typeof value.name === 'string' ? value.name : null;
  } catch {
    return null;
  }
}
