import type { Block, SlackMessage } from './message.js';

/**
 * Slack's Block Kit limits for messages: the numbers, the texts of a block they apply to, and the
 * check that lists every way a message breaks them. `fitMessage` (fit-message.ts) enforces them.
 */

/**
 * Slack's Block Kit limits for messages, as named numbers.
 * Lengths are counted in UTF-16 code units, which is never less than what Slack counts.
 */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_SECTION_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
export const MAX_HEADER_TEXT = 150;
export const MAX_CONTEXT_ELEMENTS = 10;
/** Any text object; context elements have no lower limit of their own. */
export const MAX_TEXT_OBJECT = 3000;
export const MAX_ACTIONS_ELEMENTS = 25;
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_BUTTON_URL = 3000;
export const MAX_ID_LENGTH = 255;
/** Our budget for text across all blocks: Slack answers `msg_blocks_too_long` near 13k. */
export const MAX_TOTAL_BLOCK_TEXT = 12_000;
/** The top-level `text` (notification fallback); Slack truncates near 40k, we keep it short. */
export const MAX_FALLBACK_TEXT = 4000;

/** A text of a block, named by where it sits, e.g. `blocks[3].fields[2]`; used by the limit checks. */
export interface BlockText {
  readonly path: string;
  readonly text: string;
}

/**
 * Every text a block shows (header, section text and fields, context elements, button labels,
 * markdown). Block types this bot does not build contribute nothing.
 */
export function blockTexts(block: Block, path: string): BlockText[] {
  switch (block.type) {
    case 'header':
      return [{ path: `${path}.text`, text: block.text.text }];
    case 'section': {
      const texts: BlockText[] = [];
      if (block.text) texts.push({ path: `${path}.text`, text: block.text.text });
      block.fields?.forEach((field, i) => {
        texts.push({ path: `${path}.fields[${i}]`, text: field.text });
      });
      return texts;
    }
    case 'context':
      return block.elements.flatMap((element, i) =>
        'text' in element ? [{ path: `${path}.elements[${i}]`, text: element.text }] : [],
      );
    case 'actions':
      return block.elements.flatMap((element, i) =>
        element.type === 'button'
          ? [{ path: `${path}.elements[${i}].text`, text: element.text.text }]
          : [],
      );
    case 'markdown':
      return [{ path: `${path}.text`, text: block.text }];
    default:
      return [];
  }
}

/** Characters of text across all blocks: what Slack's `msg_blocks_too_long` is about. */
export function totalBlockTextLength(blocks: readonly Block[]): number {
  let total = 0;
  blocks.forEach((block, i) => {
    for (const { text } of blockTexts(block, `blocks[${i}]`)) total += text.length;
  });
  return total;
}

/** Every way `message` breaks a limit, as "path: problem"; [] when Slack will accept it. */
export function checkMessageLimits(message: SlackMessage): string[] {
  const problems: string[] = [];
  const tooLong = (path: string, length: number, max: number) => {
    if (length > max) problems.push(`${path}: ${length} characters, limit ${max}`);
  };
  tooLong('text', message.text.length, MAX_FALLBACK_TEXT);
  if (message.text.trim() === '') problems.push('text: empty');
  if (message.blocks.length > MAX_BLOCKS) {
    problems.push(`blocks: ${message.blocks.length} blocks, limit ${MAX_BLOCKS}`);
  }
  tooLong('blocks (all text)', totalBlockTextLength(message.blocks), MAX_TOTAL_BLOCK_TEXT);
  const blockIds = new Set<string>();
  message.blocks.forEach((block, i) => {
    const path = `blocks[${i}]`;
    if (block.block_id !== undefined) {
      tooLong(`${path}.block_id`, block.block_id.length, MAX_ID_LENGTH);
      if (blockIds.has(block.block_id)) problems.push(`${path}.block_id: duplicate`);
      blockIds.add(block.block_id);
    }
    for (const { path: textPath, text } of blockTexts(block, path)) {
      if (text.length === 0) problems.push(`${textPath}: empty`);
      tooLong(textPath, text.length, textLimit(block, textPath));
    }
    problems.push(...structureProblems(block, path));
  });
  return problems;
}

function textLimit(block: Block, path: string): number {
  if (block.type === 'header') return MAX_HEADER_TEXT;
  if (block.type === 'section')
    return path.includes('.fields[') ? MAX_FIELD_TEXT : MAX_SECTION_TEXT;
  if (block.type === 'actions') return MAX_BUTTON_TEXT;
  if (block.type === 'markdown') return MAX_TOTAL_BLOCK_TEXT;
  return MAX_TEXT_OBJECT;
}

function structureProblems(block: Block, path: string): string[] {
  const problems: string[] = [];
  if (block.type === 'header' && block.text.type !== 'plain_text') {
    problems.push(`${path}.text: a header needs plain_text`);
  }
  if (block.type === 'section') {
    const fields = block.fields?.length ?? 0;
    if (!block.text && fields === 0) problems.push(`${path}: a section needs text or fields`);
    if (fields > MAX_SECTION_FIELDS) {
      problems.push(`${path}.fields: ${fields} fields, limit ${MAX_SECTION_FIELDS}`);
    }
  }
  if (block.type === 'context') {
    const count = block.elements.length;
    if (count === 0 || count > MAX_CONTEXT_ELEMENTS) {
      problems.push(`${path}.elements: ${count} elements, 1 to ${MAX_CONTEXT_ELEMENTS} allowed`);
    }
  }
  if (block.type === 'actions') {
    const count = block.elements.length;
    if (count === 0 || count > MAX_ACTIONS_ELEMENTS) {
      problems.push(`${path}.elements: ${count} elements, 1 to ${MAX_ACTIONS_ELEMENTS} allowed`);
    }
    block.elements.forEach((element, i) => {
      if (element.type !== 'button') return;
      const at = `${path}.elements[${i}]`;
      if ((element.value?.length ?? 0) > MAX_BUTTON_VALUE) problems.push(`${at}.value: too long`);
      if ((element.url?.length ?? 0) > MAX_BUTTON_URL) problems.push(`${at}.url: too long`);
      if ((element.action_id?.length ?? 0) > MAX_ID_LENGTH) {
        problems.push(`${at}.action_id: too long`);
      }
    });
  }
  return problems;
}
