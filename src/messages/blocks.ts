import type { types } from '@slack/bolt';
import type { Block } from './message.js';

/**
 * Small constructors for the blocks our messages use. Every mrkdwn text object is `verbatim`, so
 * Slack never auto-links or parses mentions in it: only the links we write as `<url|label>` work.
 * Texts passed here are already escaped by the caller.
 */

export function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

export function plainText(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

export function headerBlock(text: string): Block {
  return { type: 'header', text: plainText(text) };
}

export function sectionBlock(text: string): Block {
  return { type: 'section', text: mrkdwn(text) };
}

export function fieldsBlock(fields: readonly string[]): Block {
  return { type: 'section', fields: fields.map(mrkdwn) };
}

export function contextBlock(texts: readonly string[]): Block {
  return { type: 'context', elements: texts.map(mrkdwn) };
}

export function dividerBlock(): Block {
  return { type: 'divider' };
}

export function buttonsBlock(
  buttons: readonly { readonly text: string; readonly actionId: string; readonly value: string }[],
): Block {
  return {
    type: 'actions',
    elements: buttons.map((button) => ({
      type: 'button',
      text: plainText(button.text),
      action_id: button.actionId,
      value: button.value,
    })),
  };
}

/**
 * Slack shows `<!date^…>` in each reader's own time zone; `fallback` is what clients that cannot
 * (and our terminal renderer) show instead.
 */
export function slackDate(ms: number, tokens: string, fallback: string): string {
  const seconds = Math.floor(ms / 1000);
  return `<!date^${seconds}^${tokens}|${fallback}>`;
}
