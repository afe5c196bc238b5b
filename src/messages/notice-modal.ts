import type { types } from '@slack/bolt';
import { plainText } from './blocks.js';

/**
 * A one-message modal: why something was not done ("Only … can …"), for a press on the Home tab,
 * which has no channel to answer in. Title within Slack's 24 characters.
 */
export function buildNoticeModal(title: string, text: string): types.ModalView {
  return {
    type: 'modal',
    title: plainText(title.slice(0, 24)),
    close: plainText('OK'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }],
  };
}
