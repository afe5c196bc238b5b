import type { types } from '@slack/bolt';
import { contextBlock, mrkdwn, plainText, sectionBlock } from './blocks.js';
import type { Block } from './message.js';
import { shownValue } from './mrkdwn.js';
import {
  baselineInputs,
  channelInput,
  type ScopeChoice,
  scopeInput,
  sourcesInput,
  textInput,
} from './rule-modal-inputs.js';

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

export { RULE_FIELDS, type RuleField, type ScopeChoice } from './rule-modal-inputs.js';

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
  /** The four below: '' means the YAML default (no baseline; factor 1; 0.0001; 1h). */
  readonly baselineWindow: string;
  readonly baselineFactor: string;
  readonly significance: string;
  readonly renotify: string;
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
  // A new rule compares with the usual rate by default: at low volume a few failures are a high
  // rate, and the baseline test is what keeps such a rule quiet (the README's example does too).
  baselineWindow: '24h',
  baselineFactor: '',
  significance: '',
  renotify: '',
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
    ...baselineInputs(values),
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
