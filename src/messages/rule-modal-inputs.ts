import { plainText } from './blocks.js';
import type { Block } from './message.js';

/**
 * The rule modal's input blocks, each with its field's block_id (= action_id), which is what
 * `response_action: "errors"` keys a problem by.
 */

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
  baselineWindow: 'rule_baseline_window',
  baselineFactor: 'rule_baseline_factor',
  significance: 'rule_significance',
  renotify: 'rule_renotify',
  channel: 'rule_channel',
} as const;

export type RuleField = keyof typeof RULE_FIELDS;

/** How the rule looks at sources: all together, only the chosen ones together, or each on its own. */
export type ScopeChoice = 'overall' | 'chosen' | 'per-source';

/** Slack: at most 100 options in a select; option texts at most 75 characters. */
const MAX_OPTIONS = 100;
const MAX_OPTION_TEXT = 75;
const MAX_OPTION_VALUE = 150;

export function textInput(
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

export function scopeInput(scope: ScopeChoice): Block {
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

export function sourcesInput(chosen: readonly string[], known: readonly string[]): Block {
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
  // An option's value holds at most 150 characters: longer names can only be typed (never seen).
  const names = [...new Set([...chosen, ...known])]
    .filter((name) => name.length <= MAX_OPTION_VALUE)
    .slice(0, MAX_OPTIONS);
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

export function channelInput(channel: string | null): Block {
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

/**
 * The baseline comparison and the reminder interval, all optional: empty is the YAML default (no
 * baseline; factor 1; significance 0.0001; renotify 1h), which each hint says.
 */
export function baselineInputs(values: {
  readonly baselineWindow: string;
  readonly baselineFactor: string;
  readonly significance: string;
  readonly renotify: string;
}): Block[] {
  return [
    textInput(
      'baselineWindow',
      'Compare with the usual rate over',
      values.baselineWindow,
      '24h',
      'Optional: the time before the window, e.g. 24h. Fires only on a rate well above it. Empty: no comparison.',
      true,
    ),
    textInput(
      'baselineFactor',
      'At least N × the usual rate',
      values.baselineFactor,
      '1',
      'Optional, with a baseline: e.g. 3 for three times the usual rate. Default 1.',
      true,
    ),
    textInput(
      'significance',
      'Significance',
      values.significance,
      '0.0001',
      'Optional, with a baseline: how sure the rise is no chance (smaller is stricter). Default 0.0001.',
      true,
    ),
    textInput(
      'renotify',
      'Remind while firing every',
      values.renotify,
      '1h',
      'Optional: e.g. 1h or 30m. Default 1h.',
      true,
    ),
  ];
}
