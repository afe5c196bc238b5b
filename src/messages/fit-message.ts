import type { types } from '@slack/bolt';
import {
  blockTexts,
  MAX_ACTIONS_ELEMENTS,
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_URL,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_ELEMENTS,
  MAX_FALLBACK_TEXT,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_ID_LENGTH,
  MAX_SECTION_FIELDS,
  MAX_SECTION_TEXT,
  MAX_TEXT_OBJECT,
  MAX_TOTAL_BLOCK_TEXT,
  totalBlockTextLength,
} from './limits.js';
import type { Block, SlackMessage } from './message.js';
import { truncateText } from './mrkdwn.js';

type TextObject = types.PlainTextElement | types.MrkdwnElement;

/**
 * The last step of every builder: whatever went in, what comes out is accepted by Slack.
 * Texts are cut (at a line break when one is near, with "…"), extra fields and elements are
 * dropped, and when the message is still too big the blocks between the header and the trailing
 * actions/footer are dropped from the end, since builders put the most important ones first,
 * with a "…and N more not shown" note in their place.
 */
export function fitMessage(message: SlackMessage): SlackMessage {
  let blocks = message.blocks.flatMap((block) => clampBlock(block, Number.POSITIVE_INFINITY));
  blocks = dropToFit(blocks);
  if (totalBlockTextLength(blocks) > MAX_TOTAL_BLOCK_TEXT) {
    // Even the header and footer alone are too long: give every text an equal share.
    const texts = blocks.reduce((n, block) => n + blockTexts(block, '').length, 0);
    const share = Math.max(1, Math.floor(MAX_TOTAL_BLOCK_TEXT / Math.max(1, texts)));
    blocks = blocks.flatMap((block) => clampBlock(block, share));
  }
  return { ...message, text: fitFallbackText(message.text, blocks), blocks };
}

function fitFallbackText(text: string, blocks: readonly Block[]): string {
  if (text.trim() !== '') return truncateText(text, MAX_FALLBACK_TEXT);
  const header = blocks.find((block) => block.type === 'header');
  return header?.type === 'header' ? header.text.text : 'exec-stats';
}

/** Cuts a mrkdwn text at the last line break that keeps at least half of it, else anywhere. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const lineBreak = text.lastIndexOf('\n', max - 2);
  if (lineBreak >= max / 2) return `${text.slice(0, lineBreak)}\n…`;
  return truncateText(text, max);
}

function cutObject<T extends TextObject>(object: T, max: number): T {
  return { ...object, text: cutText(object.text, max) };
}

/** The block within its own limits (and `cap` per text), or nothing when it has nothing left. */
function clampBlock(block: Block, cap: number): Block[] {
  const clamped = clampContent(block, cap);
  if (clamped === null) return [];
  if (clamped.block_id !== undefined && clamped.block_id.length > MAX_ID_LENGTH) {
    return [{ ...clamped, block_id: clamped.block_id.slice(0, MAX_ID_LENGTH) }];
  }
  return [clamped];
}

function clampContent(block: Block, cap: number): Block | null {
  switch (block.type) {
    case 'header': {
      const text = cutText(block.text.text, Math.min(MAX_HEADER_TEXT, cap));
      if (text === '') return null;
      return { ...block, text: { type: 'plain_text', text, emoji: block.text.emoji ?? true } };
    }
    case 'section': {
      const text = block.text && cutObject(block.text, Math.min(MAX_SECTION_TEXT, cap));
      const fields = block.fields
        ?.slice(0, MAX_SECTION_FIELDS)
        .map((field) => cutObject(field, Math.min(MAX_FIELD_TEXT, cap)))
        .filter((field) => field.text !== '');
      const hasText = text !== undefined && text.text !== '';
      const hasFields = fields !== undefined && fields.length > 0;
      if (!hasText && !hasFields) return null;
      const { text: _text, fields: _fields, ...rest } = block;
      return { ...rest, ...(hasText ? { text } : {}), ...(hasFields ? { fields } : {}) };
    }
    case 'context': {
      const elements = block.elements
        .map((element) =>
          'text' in element ? cutObject(element, Math.min(MAX_TEXT_OBJECT, cap)) : element,
        )
        .filter((element) => !('text' in element) || element.text !== '')
        .slice(0, MAX_CONTEXT_ELEMENTS);
      return elements.length === 0 ? null : { ...block, elements };
    }
    case 'actions': {
      const elements = block.elements
        .filter((element) => element.type !== 'button' || buttonFits(element))
        .slice(0, MAX_ACTIONS_ELEMENTS)
        .map((element) =>
          element.type === 'button'
            ? { ...element, text: cutObject(element.text, Math.min(MAX_BUTTON_TEXT, cap)) }
            : element,
        );
      return elements.length === 0 ? null : { ...block, elements };
    }
    default:
      return block;
  }
}

/** A button whose value or URL is too long is dropped: cutting either would make it lie. */
function buttonFits(button: types.Button): boolean {
  return (
    (button.value?.length ?? 0) <= MAX_BUTTON_VALUE &&
    (button.url?.length ?? 0) <= MAX_BUTTON_URL &&
    (button.action_id?.length ?? 0) <= MAX_ID_LENGTH &&
    button.text.text !== ''
  );
}

function isTail(block: Block | undefined): boolean {
  return block?.type === 'actions' || block?.type === 'context';
}

function dropToFit(blocks: Block[]): Block[] {
  const headCount = blocks[0]?.type === 'header' ? 1 : 0;
  let tailStart = blocks.length;
  while (tailStart > headCount && blocks.length - tailStart < 2 && isTail(blocks[tailStart - 1])) {
    tailStart -= 1;
  }
  const head = blocks.slice(0, headCount);
  const middle = blocks.slice(headCount, tailStart);
  const tail = blocks.slice(tailStart);
  let dropped = 0;
  const assemble = (): Block[] => {
    const note: Block[] = dropped > 0 ? [moreNote(dropped)] : [];
    return [...head, ...middle, ...note, ...tail];
  };
  let result = assemble();
  while (
    middle.length > 0 &&
    (result.length > MAX_BLOCKS || totalBlockTextLength(result) > MAX_TOTAL_BLOCK_TEXT)
  ) {
    const removed = middle.pop();
    if (removed?.type !== 'divider') dropped += 1;
    result = assemble();
  }
  return result;
}

function moreNote(count: number): Block {
  const what = count === 1 ? 'part' : 'parts';
  return {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `…and ${count} more ${what} not shown (Slack's size limit)` },
    ],
  };
}
