import { describe, expect, it } from 'vitest';
import {
  buttonsBlock,
  contextBlock,
  dividerBlock,
  fieldsBlock,
  headerBlock,
  sectionBlock,
} from '../../../src/messages/blocks.js';
import { fitMessage } from '../../../src/messages/fit-message.js';
import { checkMessageLimits, MAX_TOTAL_BLOCK_TEXT } from '../../../src/messages/limits.js';
import type { Block, SlackMessage } from '../../../src/messages/message.js';
import { allTexts } from './fixtures.js';

const x = (n: number) => 'x'.repeat(n);
const message = (blocks: Block[], text = 'fallback'): SlackMessage => ({ text, blocks });
const button = (text: string, value: string) => buttonsBlock([{ text, actionId: 'a', value }]);

const oversized: { name: string; message: SlackMessage; problem: RegExp }[] = [
  {
    name: 'too many blocks',
    message: message(Array.from({ length: 51 }, (_, i) => sectionBlock(`s${i}`))),
    problem: /^blocks: 51 blocks, limit 50$/,
  },
  {
    name: 'long header',
    message: message([headerBlock(x(151))]),
    problem: /^blocks\[0\]\.text: 151 characters, limit 150$/,
  },
  {
    name: 'header in mrkdwn',
    message: message([{ type: 'header', text: { type: 'mrkdwn', text: 'h' } } as unknown as Block]),
    problem: /needs plain_text/,
  },
  {
    name: 'long section text',
    message: message([sectionBlock(x(3001))]),
    problem: /^blocks\[0\]\.text: 3001 characters, limit 3000$/,
  },
  {
    name: 'too many fields',
    message: message([fieldsBlock(Array.from({ length: 11 }, (_, i) => `f${i}`))]),
    problem: /^blocks\[0\]\.fields: 11 fields, limit 10$/,
  },
  {
    name: 'long field',
    message: message([fieldsBlock(['ok', x(2001)])]),
    problem: /^blocks\[0\]\.fields\[1\]: 2001 characters, limit 2000$/,
  },
  {
    name: 'too many context elements',
    message: message([contextBlock(Array.from({ length: 11 }, (_, i) => `c${i}`))]),
    problem: /elements: 11 elements, 1 to 10 allowed/,
  },
  {
    name: 'long button text',
    message: message([button(x(76), 'v')]),
    problem: /^blocks\[0\]\.elements\[0\]\.text: 76 characters, limit 75$/,
  },
  {
    name: 'long button value',
    message: message([button('Refresh', x(2001))]),
    problem: /^blocks\[0\]\.elements\[0\]\.value: too long$/,
  },
  {
    name: 'too much text in all',
    message: message(Array.from({ length: 5 }, () => sectionBlock(x(2900)))),
    problem: /^blocks \(all text\): 14500 characters, limit 12000$/,
  },
  {
    name: 'long fallback text',
    message: message([sectionBlock('s')], x(4001)),
    problem: /^text: 4001 characters, limit 4000$/,
  },
  {
    name: 'empty fallback text',
    message: message([sectionBlock('s')], ' '),
    problem: /^text: empty$/,
  },
  { name: 'empty section', message: message([sectionBlock('')]), problem: /text: empty$/ },
  {
    name: 'section without text or fields',
    message: message([{ type: 'section' } as Block]),
    problem: /needs text or fields/,
  },
  {
    name: 'duplicate block ids',
    message: message([
      { ...sectionBlock('a'), block_id: 'same' },
      { ...sectionBlock('b'), block_id: 'same' },
    ]),
    problem: /^blocks\[1\]\.block_id: duplicate$/,
  },
];

describe('checkMessageLimits', () => {
  it('accepts a message within the limits', () => {
    const ok = message([
      headerBlock(x(150)),
      sectionBlock(x(3000)),
      fieldsBlock(Array.from({ length: 10 }, () => x(100))),
      contextBlock(Array.from({ length: 10 }, () => 'c')),
      dividerBlock(),
      button(x(75), x(2000)),
    ]);
    expect(checkMessageLimits(ok)).toEqual([]);
  });

  it.each(oversized)('reports $name', ({ message: m, problem }) => {
    expect(checkMessageLimits(m).some((p) => problem.test(p))).toBe(true);
  });
});

describe('fitMessage', () => {
  it.each(oversized.filter((c) => c.name !== 'duplicate block ids'))(
    'makes "$name" acceptable',
    ({ message: m }) => {
      expect(checkMessageLimits(fitMessage(m))).toEqual([]);
    },
  );

  it('leaves a message within the limits as it is', () => {
    const ok = message([headerBlock('h'), sectionBlock('*a*'), contextBlock(['c'])]);
    expect(fitMessage(ok)).toEqual(ok);
  });

  it('drops the last middle blocks, keeps header, actions and footer, and says how many', () => {
    const blocks = [
      headerBlock('Header'),
      ...Array.from({ length: 60 }, (_, i) => sectionBlock(`part ${i}`)),
      button('Refresh', 'v'),
      contextBlock(['footer']),
    ];
    const fitted = fitMessage(message(blocks));
    expect(fitted.blocks).toHaveLength(50);
    expect(fitted.blocks[0]).toEqual(headerBlock('Header'));
    expect(fitted.blocks.at(-1)).toEqual(contextBlock(['footer']));
    expect(fitted.blocks.at(-2)).toEqual(button('Refresh', 'v'));
    expect(allTexts(fitted)).toContain('part 45');
    expect(allTexts(fitted)).not.toContain('part 46');
    expect(allTexts(fitted).join('\n')).toContain('…and 14 more parts not shown');
  });

  it('keeps the total text within the budget by dropping whole sections', () => {
    const fitted = fitMessage(
      message(Array.from({ length: 8 }, (_, i) => sectionBlock(`${i}${x(2000)}`))),
    );
    const total = allTexts(fitted).slice(1).join('').length;
    expect(total).toBeLessThanOrEqual(MAX_TOTAL_BLOCK_TEXT);
    expect(checkMessageLimits(fitted)).toEqual([]);
  });

  it('cuts a long mrkdwn text at a line break', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `• line ${i} ${x(40)}`).join('\n');
    const fitted = fitMessage(message([sectionBlock(lines)]));
    const text = allTexts(fitted)[1] ?? '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('\n…')).toBe(true);
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .every((line) => line.endsWith(x(40))),
    ).toBe(true);
  });

  it('drops a button whose value is too long rather than cutting the value', () => {
    const fitted = fitMessage(message([sectionBlock('s'), button('Refresh', x(2001))]));
    expect(fitted.blocks).toEqual([sectionBlock('s')]);
  });

  it('fills in an empty fallback text from the header', () => {
    expect(fitMessage(message([headerBlock('Title')], '')).text).toBe('Title');
  });

  it('shares the budget when even the header and footer are too long', () => {
    const huge = message([
      headerBlock('h'),
      contextBlock(Array.from({ length: 10 }, () => x(3000))),
    ]);
    expect(checkMessageLimits(fitMessage(huge))).toEqual([]);
  });
});
