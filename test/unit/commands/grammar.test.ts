import { describe, expect, it } from 'vitest';
import {
  createCommandGrammar,
  DEFAULT_WINDOW,
  MAX_COMMAND_LENGTH,
  type ParsedCommand,
  SEE_HELP,
  SYNOPSIS,
  USAGE_LINE,
} from '../../../src/commands/grammar.js';
import { parseCommand, SUBCOMMAND_NAMES, USAGE } from '../../../src/runtime/exec-stats-command.js';
import type { Granularity, WindowSpec } from '../../../src/time/window.js';

const WINDOWS: Array<[string, WindowSpec] | null> = [
  null,
  ['7d', { kind: 'relative', amount: 7, unit: 'd' }],
  ['yesterday', { kind: 'calendar', name: 'yesterday' }],
  [
    '2026-11-01..2026-11-07',
    {
      kind: 'dates',
      start: { year: 2026, month: 11, day: 1 },
      end: { year: 2026, month: 11, day: 7 },
    },
  ],
];
const GRANULARITIES: Array<Granularity | null> = [null, 'hourly', 'daily'];
const SOURCES: Array<[string, string, string] | null> = [
  // word as typed, name, canonical word
  null,
  ['source:billing', 'billing', 'source:billing'],
  ['source:"my system"', 'my system', 'source:"my system"'],
];
const PUBLICS = [false, true];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const combinations = WINDOWS.flatMap((window) =>
  GRANULARITIES.flatMap((granularity) =>
    SOURCES.flatMap((source) =>
      PUBLICS.map((isPublic) => ({ window, granularity, source, isPublic })),
    ),
  ),
);

describe('parseCommand: every combination of the words, in every order', () => {
  it.each(combinations)('%j', ({ window, granularity, source, isPublic }) => {
    const words = [window?.[0], granularity, source?.[0], isPublic ? 'public' : null].filter(
      (w): w is string => typeof w === 'string',
    );
    const expected: ParsedCommand = {
      kind: 'stats',
      window: window?.[1] ?? DEFAULT_WINDOW,
      granularity,
      source: source?.[1] ?? null,
      public: isPublic,
      canonical: [window?.[0] ?? '24h', granularity, source?.[2]].filter(Boolean).join(' '),
    };
    for (const order of permutations(words)) {
      expect(parseCommand(order.join(' '))).toEqual(expected);
      expect(parseCommand(order.map((w) => w.toUpperCase()).join(' '))).toMatchObject({
        kind: 'stats',
        granularity,
        public: isPublic,
      });
    }
  });
});

describe('parseCommand: defaults, help, spacing and case', () => {
  it.each(['', '   ', '\n', '\t \u00a0'])('%j is stats for the last 24 hours', (text) => {
    expect(parseCommand(text)).toEqual({
      kind: 'stats',
      window: DEFAULT_WINDOW,
      granularity: null,
      source: null,
      public: false,
      canonical: '24h',
    });
  });

  it.each(['help', 'HELP', '  Help  '])('%j is help', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'help' });
  });

  it.each([
    ['help 7d', 'help'],
    ['7d help', 'help'],
    ['help help', 'help'],
  ])('%j is invalid: help stands alone', (text, offending) => {
    const parsed = parseCommand(text);
    expect(parsed).toMatchObject({ kind: 'invalid', offending });
    if (parsed.kind === 'invalid') expect(parsed.reason).toContain('stands alone');
  });

  it('reads words separated by tabs, newlines and non-breaking spaces', () => {
    expect(parseCommand('7d\tdaily\n\u00a0source:billing  public')).toMatchObject({
      kind: 'stats',
      canonical: '7d daily source:billing',
      public: true,
    });
  });

  it('keeps the case of a source name but not of keywords', () => {
    expect(parseCommand('SOURCE:Billing-EU Yesterday DAILY')).toMatchObject({
      source: 'Billing-EU',
      canonical: 'yesterday daily source:Billing-EU',
    });
  });
});

describe('parseCommand: words given twice', () => {
  it.each([
    ['7d 7d', '7d', 'second window'],
    ['7d yesterday', 'yesterday', 'second window'],
    ['2026-11-01..2026-11-02 24h', '24h', 'second window'],
    ['hourly hourly', 'hourly', 'second granularity'],
    ['hourly daily', 'daily', 'second granularity'],
    ['public 7d PUBLIC', 'PUBLIC', 'given twice'],
    ['source:a source:b', 'source:b', 'second source'],
    ['source:a source:a', 'source:a', 'second source'],
  ])('%j names %j', (text, offending, problem) => {
    const parsed = parseCommand(text);
    expect(parsed).toMatchObject({ kind: 'invalid', offending });
    if (parsed.kind === 'invalid') {
      expect(parsed.reason).toContain(`\`${offending}\``);
      expect(parsed.reason).toContain(problem);
    }
  });
});

describe('parseCommand: unknown and bad words', () => {
  it.each([
    ['banana', 'banana', 'is not understood'],
    ['7d banana daily', 'banana', 'is not understood'],
    ['weekly', 'weekly', 'is not understood'],
    ['source', 'source', 'write `source:NAME`'],
    ['source=billing', 'source=billing', 'write `source:NAME`'],
    ['400d', '400d', 'is longer than the 90 days the bot can show'],
    ['0h', '0h', 'is an empty window'],
    ['-5h', '-5h', 'whole number'],
    ['daily 2026-02-30..2026-03-01', '2026-02-30..2026-03-01', 'does not exist'],
    ['2026-11-07..2026-11-01', '2026-11-07..2026-11-01', 'starts after it ends'],
    ['2026-01-01..2026-04-01', '2026-01-01..2026-04-01', 'is longer than the 90 days'],
    ['2026-11-01T25:00..2026-11-02T00:00', '2026-11-01T25:00..2026-11-02T00:00', 'does not exist'],
    ['thisweek', 'thisweek', 'did you mean `this-week`'],
    ['source:', 'source:', 'has no name'],
    ['source:""', 'source:""', 'has no name'],
    ['source:"   "', 'source:"   "', 'has no name'],
    ['7d source:"my system', 'source:"my system', 'has no closing quote'],
    ['source:"my system"x 7d', 'source:"my', 'goes on after its closing quote'],
  ])('%j names %j', (text, offending, problem) => {
    const parsed = parseCommand(text);
    expect(parsed).toMatchObject({ kind: 'invalid', offending });
    if (parsed.kind === 'invalid') expect(parsed.reason).toContain(problem);
  });

  it.each(['subscribe', 'unsubscribe', 'subscriptions', 'alerts', 'mute', 'unmute'])(
    '%s first routes to its feature with the words after it',
    (word) => {
      expect(parseCommand(word)).toEqual({ kind: 'subcommand', name: word, args: [] });
      expect(parseCommand(word.toUpperCase())).toEqual({
        kind: 'subcommand',
        name: word,
        args: [],
      });
      expect(parseCommand(`${word} daily 09:00 source:"a &amp; b"`)).toEqual({
        kind: 'subcommand',
        name: word,
        args: ['daily', '09:00', 'source:"a & b"'],
      });
    },
  );

  it.each(['subscribe', 'alerts', 'mute'])('%s after other words is refused', (word) => {
    expect(parseCommand(`7d ${word}`)).toEqual({
      kind: 'invalid',
      offending: word,
      reason: `\`${word}\` comes first: write \`/exec-stats ${word} …\``,
    });
  });
});

describe('parseCommand: Slack escaping and hostile text', () => {
  it.each([
    ['source:a&amp;b', 'a&b'],
    ['source:&lt;!channel&gt;', '<!channel>'],
    ['source:&lt;!here&gt;', '<!here>'],
    ['source:&lt;@U123|bob&gt;', '<@U123|bob>'],
    ['source:&lt;https://evil.example|click&gt;', '<https://evil.example|click>'],
    ['source:&amp;lt;b&amp;gt;', '&lt;b&gt;'], // unescaped once only
    ['source:*bold*_x_~y~', '*bold*_x_~y~'],
    ['source:a`b', 'a`b'],
    ['source:"<!channel> now"', '<!channel> now'],
    ['source:ünïcødé-系统', 'ünïcødé-系统'],
  ])('%j keeps the name %j verbatim as data', (text, name) => {
    const parsed = parseCommand(text);
    expect(parsed).toMatchObject({ kind: 'stats', source: name });
  });

  it('reads already-plain text when told it is not escaped (a stored canonical)', () => {
    expect(parseCommand('source:a&amp;b', { escaped: false })).toMatchObject({ source: 'a&amp;b' });
  });

  it('puts an unknown hostile word in the reason without letting it close the code span', () => {
    const parsed = parseCommand('&lt;!channel&gt;`');
    expect(parsed).toMatchObject({ kind: 'invalid', offending: '<!channel>`' });
    if (parsed.kind === 'invalid') expect(parsed.reason.startsWith("`<!channel>'`")).toBe(true);
  });

  it.each([
    ['source:"my system"', 'my system'],
    ['source:“my system”', 'my system'],
    ['source:“my system"', 'my system'],
    ["source:'my system'", 'my system'],
    ['source:‘my system’', 'my system'],
    ['source:«my system»', 'my system'],
    ['source:"  padded  "', 'padded'],
    ['Source:"quoted"', 'quoted'],
    ['source:\'say "hi" there\'', 'say "hi" there'],
    ["source:it's", "it's"],
  ])('%j has the source name %j', (text, name) => {
    expect(parseCommand(`yesterday ${text} public`)).toMatchObject({
      kind: 'stats',
      source: name,
      public: true,
    });
  });

  it('refuses text longer than the limit, quoting only its start', () => {
    const parsed = parseCommand(`7d ${'x'.repeat(5000)}`);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') {
      expect(parsed.offending.length).toBeLessThan(50);
      expect(parsed.reason).toContain(`at most ${MAX_COMMAND_LENGTH} characters`);
    }
  });

  it('accepts a long but reasonable command', () => {
    const name = 'n'.repeat(MAX_COMMAND_LENGTH - 'source: 7d'.length);
    expect(parseCommand(`source:${name} 7d`)).toMatchObject({ kind: 'stats', source: name });
  });

  it('answers a flood of words with the first problem, not a crash', () => {
    const parsed = parseCommand(Array.from({ length: 100 }, () => 'public').join(' '));
    expect(parsed).toMatchObject({ kind: 'invalid', offending: 'public' });
  });
});

describe('parseCommand: canonical text', () => {
  it.each([
    ['', '24h'],
    ['public', '24h'],
    ['DAILY 7D', '7d daily'],
    ['source:billing 007d', '7d source:billing'],
    ['2026-11-01t09:00..2026-11-01t17:30 hourly', '2026-11-01T09:00..2026-11-01T17:30 hourly'],
    ['source:“my system”', '24h source:"my system"'],
    ['source:\'say "hi" there\'', '24h source:\'say "hi" there\''],
    ['source:"it\'s mine" ', '24h source:"it\'s mine"'],
    ["source:«a \"b” ‘c’ 'd'»", "24h source:«a \"b” ‘c’ 'd'»"],
    ['source:&lt;!channel&gt;', '24h source:<!channel>'],
    ['source:"\'quoted\'"', '24h source:"\'quoted\'"'],
  ])('%j -> %j, which parses back to the same request', (text, canonical) => {
    const parsed = parseCommand(text);
    expect(parsed).toMatchObject({ kind: 'stats', canonical });
    if (parsed.kind !== 'stats') return;
    expect(parseCommand(parsed.canonical, { escaped: false })).toEqual({
      ...parsed,
      public: false,
    });
  });
});

describe('USAGE', () => {
  it.each([
    '/exec-stats',
    '15m',
    '24h',
    '7d',
    'today',
    'yesterday',
    'this-week',
    'last-week',
    'this-month',
    'last-month',
    '2026-11-01..2026-11-07',
    'T09:00..',
    'hourly',
    'daily',
    'source:NAME',
    'source:"my system"',
    'public',
    'help',
    '90 days',
    '72 hours',
    'hourly for at most 7 days',
  ])('mentions %s', (text) => {
    expect(USAGE).toContain(text);
  });

  it('is short enough for one Slack section', () => {
    expect(USAGE.length).toBeLessThan(3000);
  });

  it('writes every command as it is typed: each subcommand with the /exec-stats prefix', () => {
    const spans = [...USAGE.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    const commands = spans.filter((span) =>
      [...SUBCOMMAND_NAMES, 'help'].some((name) => span.split(' ').includes(name)),
    );
    // Every subcommand, and help, appears at least once; each time after the prefix.
    expect(commands.length).toBeGreaterThanOrEqual(SUBCOMMAND_NAMES.length + 1);
    for (const command of commands) expect(command).toMatch(/^\/exec-stats /);
    for (const name of SUBCOMMAND_NAMES) {
      expect(USAGE).toContain(`\`/exec-stats ${name}`);
    }
    expect(USAGE).toContain('`/exec-stats subscribe daily 09:00 [WINDOW]`');
  });

  it('puts one form per line, so a phone wraps each on its own', () => {
    const digestLines = USAGE.split('\n').filter((line) => line.includes('/exec-stats subscribe '));
    expect(digestLines).toHaveLength(3);
  });
});

describe('the short hints under a mistake', () => {
  it('points to help in one line, without the whole usage', () => {
    expect(SEE_HELP).toContain('`/exec-stats help`');
    expect(SEE_HELP).not.toContain('\n');
    expect(SEE_HELP.length).toBeLessThan(80);
  });

  it('gives the command shape for a button whose query no longer parses', () => {
    expect(USAGE_LINE).toContain(`\`${SYNOPSIS}\``);
    expect(USAGE_LINE).toContain('`/exec-stats help`');
    expect(USAGE_LINE).not.toContain('\n');
  });
});

describe('createCommandGrammar: routed by the features’ declarations, naming none', () => {
  const grammar = createCommandGrammar([
    { feature: 'one', subcommands: ['ping'], help: ['*One:*', '• `/exec-stats ping`'] },
    { feature: 'two', subcommands: ['pong', 'peng'], help: ['*Two:*'] },
  ]);

  it('answers the declared subcommands, in declaration order, and help from their lines', () => {
    expect(grammar.subcommandNames).toEqual(['ping', 'pong', 'peng']);
    expect(grammar.usage).toBe('*One:*\n• `/exec-stats ping`\n*Two:*');
    expect(grammar.parse('PING a b')).toEqual({
      kind: 'subcommand',
      name: 'ping',
      args: ['a', 'b'],
    });
    expect(grammar.parse('7d peng')).toMatchObject({ kind: 'invalid', offending: 'peng' });
  });

  it('reads any other first word as a stats query', () => {
    expect(grammar.parse('alerts')).toMatchObject({ kind: 'invalid', offending: 'alerts' });
    expect(grammar.parse('7d')).toMatchObject({ kind: 'stats', canonical: '7d' });
    expect(grammar.parse('help')).toEqual({ kind: 'help' });
  });
});
