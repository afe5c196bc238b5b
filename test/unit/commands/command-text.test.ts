import { describe, expect, it } from 'vitest';
import {
  formatSource,
  sourceName,
  splitWords,
  unescapeSlackText,
} from '../../../src/messages/command-text.js';

describe('unescapeSlackText', () => {
  it.each([
    ['a &amp; b', 'a & b'],
    ['&lt;!channel&gt;', '<!channel>'],
    ['&amp;lt;', '&lt;'],
    ['&quot;x&quot;', '&quot;x&quot;'], // Slack escapes only &, < and >
    ['&amp', '&amp'],
    ['plain', 'plain'],
  ])('%j -> %j', (text, plain) => {
    expect(unescapeSlackText(text)).toBe(plain);
  });
});

describe('splitWords', () => {
  it.each([
    ['', []],
    ['  7d   daily ', ['7d', 'daily']],
    ['source:"a b" 7d', ['source:"a b"', '7d']],
    ['7d source:"a b"', ['7d', 'source:"a b"']],
    ['source:“a  b”\tpublic', ['source:“a  b”', 'public']],
    ['"a b"', ['"a', 'b"']], // quotes only group a source name
    ['source:a"b c"', ['source:a"b', 'c"']],
  ])('%j -> %j', (text, words) => {
    expect(splitWords(text)).toEqual({ ok: true, words });
  });

  it.each([
    ['source:"a b', 'source:"a b', 'has no closing quote'],
    ['7d source:"a b"c daily', 'source:"a', 'goes on after its closing quote'],
  ])('%j is refused, naming %j', (text, offending, reason) => {
    const result = splitWords(text);
    expect(result).toMatchObject({ ok: false, offending });
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('sourceName and formatSource', () => {
  it.each([
    ['billing', 'source:billing'],
    ['my system', 'source:"my system"'],
    ['"leading', "source:'\"leading'"],
    ['say "hi" there', 'source:\'say "hi" there\''],
    ['<!channel>', 'source:<!channel>'],
    ['a\tb', 'source:"a\tb"'],
  ])('%j <-> %j', (name, word) => {
    expect(formatSource(name)).toBe(word);
    const split = splitWords(word);
    expect(split).toEqual({ ok: true, words: [word] });
    expect(sourceName(word)).toBe(name);
  });
});
