import type { Block } from './message.js';

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
