import { blockTexts, totalBlockTextLength } from './block-text.js';
import type { Block, SlackMessage } from './message.js';
import {
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
} from './slack-limits.js';

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
