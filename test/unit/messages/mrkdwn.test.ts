import { describe, expect, it } from 'vitest';
import {
  codeSpan,
  escapeEntities,
  escapeMrkdwn,
  escapePlainText,
  mrkdwnLink,
  shownValue,
  truncateText,
} from '../../../src/messages/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here> now', '&lt;!here&gt; now'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<https://evil.example|click me>', '&lt;https://evil.example|click me&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&amp; stays visible', '&amp;amp; stays visible'],
    ['`rm -rf`', 'ˋrm -rfˋ'],
    ['a`b', 'aˋb'],
    ['*bold*', '∗bold∗'],
    ['_italic_', 'ˍitalicˍ'],
    ['~strike~', '∼strike∼'],
    ['nightly_sync_v2', 'nightly_sync_v2'],
    ['2*3*4', '2*3*4'],
    ['line1\nline2\r\n\tline3', 'line1 line2 line3'],
    ['> quoted', '&gt; quoted'],
    ['ok 🎉 done', 'ok 🎉 done'],
    ['שלום עולם', 'שלום עולם'],
    ['abc\u202edef', 'abcdef'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it('leaves no raw angle bracket in any hostile string', () => {
    const hostile = ['<<!channel>>', '<!subteam^S1|@team>', '<#C123>', '<<<>>>', '&lt;!here&gt;'];
    for (const s of hostile) {
      expect(escapeMrkdwn(s)).not.toMatch(/[<>]/);
    }
  });
});

describe('escapeEntities and escapePlainText', () => {
  it('escapeEntities keeps formatting and line breaks (for our own text)', () => {
    expect(escapeEntities('*a* <b>\n&')).toBe('*a* &lt;b&gt;\n&amp;');
  });
  it('escapePlainText keeps formatting characters but makes one line', () => {
    expect(escapePlainText('*billing*\n<!channel>')).toBe('*billing* &lt;!channel&gt;');
  });
});

describe('mrkdwnLink', () => {
  it.each([
    ['https://x.example/e/1', 'exec-1', '<https://x.example/e/1|exec-1>'],
    ['https://x.example/e/1', '<!channel>', '<https://x.example/e/1|&lt;!channel&gt;>'],
    ['https://x.example/a b|c>d', 'x', '<https://x.example/a%20b%7Cc%3Ed|x>'],
    ['https://x.example/?a=1&b=2', 'x', '<https://x.example/?a=1&amp;b=2|x>'],
    ['https://x.example/', '', '<https://x.example/>'],
  ])('%s with label %j', (url, label, expected) => {
    expect(mrkdwnLink(url, label)).toBe(expected);
  });

  it('cuts a long label when asked', () => {
    const link = mrkdwnLink('https://x.example/', 'a'.repeat(500), 20);
    expect(link).toBe(`<https://x.example/|${'a'.repeat(19)}…>`);
  });
});

describe('truncateText', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['hello world', 8, 'hello w…'],
    ['hello     world', 8, 'hello…'],
    ['ab&amp;cd', 5, 'ab…'],
    ['ab&amp;cd', 8, 'ab&amp;…'],
    ['ab&lt;', 5, 'ab…'],
    ['ab😀cd', 4, 'ab…'],
    ['ab😀cd', 5, 'ab😀…'],
    ['see <https://x.example/e|exec> now', 20, 'see…'],
    ['anything', 1, '…'],
    ['anything', 0, ''],
  ])('%j to %d -> %j', (input, max, expected) => {
    expect(truncateText(input, max)).toBe(expected);
    expect(truncateText(input, max).length).toBeLessThanOrEqual(Math.max(0, max));
  });

  it('never leaves half an entity or a lone surrogate, whatever the cut', () => {
    const text = escapeMrkdwn('a&b<c>😀d'.repeat(50));
    for (let max = 1; max < text.length; max++) {
      const cut = truncateText(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/&(?:a|am|l|g|amp|lt|gt)?…$/);
      expect(cut).not.toMatch(/[\ud800-\udbff]…$/);
    }
  });
});

describe('shownValue', () => {
  it.each([
    ['  billing  ', 50, 'billing'],
    ['', 50, '(empty)'],
    ['\n\t', 50, '(empty)'],
    ['x'.repeat(10_000), 50, `${'x'.repeat(49)}…`],
  ])('%j -> %j', (input, max, expected) => {
    expect(shownValue(input, max)).toBe(expected);
  });
});

describe('codeSpan', () => {
  it.each([
    ['0 9 * * 1-5', '`0 9 * * 1-5`'],
    ['*/15 * * * *', '`*/15 * * * *`'],
    ['0 0 * * 1_5 ~', '`0 0 * * 1_5 ~`'],
    ['  30 8 * * *  ', '`30 8 * * *`'],
    ['<!channel> & co', '`&lt;!channel&gt; &amp; co`'],
  ])('shows %j exactly, only & < > escaped', (value, shown) => {
    expect(codeSpan(value, 100)).toBe(shown);
  });

  it.each([
    ['0 9 * * `rm`', '0 9 ∗ ∗ ˋrmˋ'],
    ['0 9 *\n* *', '0 9 ∗ ∗ ∗'],
    ['0 9\u202e * * *', '0 9 ∗ ∗ ∗'],
    ['', '(empty)'],
  ])('falls back to an inert value when %j cannot sit in a code span', (value, shown) => {
    expect(codeSpan(value, 100)).toBe(shown);
  });

  it('never lets a backtick close the span early', () => {
    for (const value of ['`', 'a`b', '```x```', '0 `*bold*` 9']) {
      const shown = codeSpan(value, 100);
      expect(shown).not.toContain('`');
      expect(shown).not.toMatch(/\*bold\*/);
    }
  });

  it('cuts a long value inside the span', () => {
    expect(codeSpan('1 '.repeat(100), 20)).toMatch(/^`[1 ]+…`$/);
    expect([...codeSpan('1 '.repeat(100), 20)].length).toBeLessThanOrEqual(22);
  });
});
