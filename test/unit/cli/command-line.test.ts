import { describe, expect, it } from 'vitest';
import {
  columns,
  formatHelp,
  type OptionSpec,
  parseArgs,
  wrap,
} from '../../../src/cli/command-line.js';

const SPECS: OptionSpec[] = [
  { name: 'json', help: 'JSON' },
  { name: 'seed', value: 'N', help: 'seed' },
];

describe('parseArgs', () => {
  it('reads flags, values in both spellings, and positionals in any order', () => {
    const parsed = parseArgs(['7d', '--seed=3', 'daily', '--json'], SPECS);
    expect(parsed).toEqual({
      ok: true,
      help: false,
      options: new Map<string, string | true>([
        ['seed', '3'],
        ['json', true],
      ]),
      positionals: ['7d', 'daily'],
    });
    const spaced = parseArgs(['--seed', '4'], SPECS);
    expect(spaced.ok && spaced.options.get('seed')).toBe('4');
  });

  it('takes everything after -- as positionals', () => {
    const parsed = parseArgs(['--', '--json', '-h'], SPECS);
    expect(parsed.ok && parsed.positionals).toEqual(['--json', '-h']);
  });

  it.each([
    [['--jsn'], 'unknown option "--jsn" (did you mean --json?)'],
    [['-x'], 'unknown option "-x"'],
    [['--seed'], '--seed needs a value (N)'],
    [['--seed', '--json'], '--seed needs a value (N)'],
    [['--json=yes'], '--json takes no value'],
    [['--json', '--json'], '--json is given twice'],
  ])('%j is refused: %s', (args, problem) => {
    expect(parseArgs(args, SPECS)).toEqual({ ok: false, problem });
  });

  it('--help wins over a problem elsewhere on the line', () => {
    const parsed = parseArgs(['--bogus', '-h'], SPECS);
    expect(parsed.ok && parsed.help).toBe(true);
  });
});

describe('help layout', () => {
  it('aligns descriptions after the longest term and wraps them under themselves', () => {
    const text = columns([
      ['a', 'short'],
      ['--longer X', 'word '.repeat(20).trim()],
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('  a           short');
    expect(lines[1]?.startsWith('  --longer X  word')).toBe(true);
    expect(lines[2]?.startsWith(`${' '.repeat(14)}word`)).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('puts the description of a very long term on the next line', () => {
    const term = '--an-option-name-that-is-long VALUE';
    const lines = columns([
      ['-h', 'help'],
      [term, 'what it does'],
    ]).split('\n');
    expect(lines).toEqual(['  -h  help', `  ${term}`, '      what it does']);
  });

  it('keeps a number with its unit when wrapping', () => {
    expect(wrap('flips every 5 min for 2 h', 22)).toBe('flips every 5 min for\n2 h');
  });

  it('wraps a long usage line at its bracketed groups', () => {
    const help = formatHelp({
      usage: `tool cmd ${Array.from({ length: 8 }, (_, i) => `[--option-${i} N]`).join(' ')}`,
      summary: 'Does it.',
    });
    const [first, second] = help.split('\n');
    expect(first?.length).toBeLessThanOrEqual(80);
    expect(first?.endsWith(']')).toBe(true);
    expect(second).toMatch(/^ {16}\[--option-\d N\]/);
  });
});
