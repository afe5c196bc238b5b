import { describe, expect, it } from 'vitest';
import { mergeDotEnv, readDotEnv } from '../../../src/config/dotenv.js';

describe('readDotEnv', () => {
  it.each<[string, string, Record<string, string>]>([
    ['plain lines', 'A=1\nB=two\n', { A: '1', B: 'two' }],
    ['comments and blank lines', '# comment\n\nA=1\n  # indented comment\n', { A: '1' }],
    [
      'quoted values with spaces and a trailing comment',
      'A="two words" # note\nB=\'single\'\n',
      { A: 'two words', B: 'single' },
    ],
    ['export prefixes', 'export A=1\n', { A: '1' }],
    ['empty values', 'A=\nB=2\n', { A: '', B: '2' }],
    ['Windows line endings', 'A=1\r\nB=2\r\n', { A: '1', B: '2' }],
    ['a byte order mark', '\uFEFFA=1\n', { A: '1' }],
    [
      '"=" inside a value',
      'URL=https://x.example.com/?a=b\n',
      { URL: 'https://x.example.com/?a=b' },
    ],
    ['a stray line without "="', 'junk line\nA=1\nB=2\n', { A: '1', B: '2' }],
  ])('%s', (_name, text, expected) => {
    expect(readDotEnv(text)).toEqual(expected);
  });

  it('reads a multi-line double-quoted value', () => {
    expect(readDotEnv('KEY="line one\nline two"\nNEXT=1\n')).toEqual({
      KEY: 'line one\nline two',
      NEXT: '1',
    });
  });
});

describe('mergeDotEnv', () => {
  it('keeps the real environment and fills the rest from .env', () => {
    expect(
      mergeDotEnv(
        { A: 'real', B: undefined, C: '' },
        { A: 'file', B: 'file', C: 'file', D: 'file' },
      ),
    ).toEqual({
      A: 'real',
      B: 'file',
      C: '',
      D: 'file',
    });
  });
});
