import type { types } from '@slack/bolt';
import { plainText, sectionBlock } from './blocks.js';
import { shownValue } from './mrkdwn.js';
import { RULE_MODAL } from './rule-modal.js';

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
