import {
  formatSource,
  quoteWord,
  SOURCE_PREFIX,
  sourceName,
  splitWords,
  unescapeSlackText,
} from '../messages/command-text.js';
import { HOURLY_LIMIT_DAYS } from '../time/granularity.js';
import type { Granularity, WindowSpec } from '../time/window.js';
import { HOURLY_MAX_HOURS, MAX_WINDOW_DAYS } from '../time/window.js';
import { formatWindowSpec, looksLikeWindow, parseWindowSpec } from '../time/window-spec.js';

/**
 * The `/exec-stats` grammar: `[WINDOW] [hourly|daily] [source:NAME] [public]` in any order, each at
 * most once, or `help` alone. The first word picks a subcommand from SUBCOMMANDS; anything else is
 * a stats request. Later subcommands (subscribe, alerts, mute…) get an entry there and, if they
 * need one, a kind of their own in ParsedCommand.
 */

export type ParsedCommand =
  | { readonly kind: 'help' }
  | StatsCommand
  | SubcommandRequest
  | { readonly kind: 'invalid'; readonly offending: string; readonly reason: string };

/** Subcommands answered by features (digests, alerts); each feature parses its own arguments. */
export const SUBCOMMAND_NAMES = [
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'alerts',
  'mute',
  'unmute',
] as const;

export type SubcommandName = (typeof SUBCOMMAND_NAMES)[number];

export interface SubcommandRequest {
  readonly kind: 'subcommand';
  readonly name: SubcommandName;
  /** The words after the subcommand, unescaped, quotes resolved (e.g. `source:"a b"` stays one word). */
  readonly args: readonly string[];
}

export interface StatsCommand {
  readonly kind: 'stats';
  readonly window: WindowSpec;
  /** null: choose from the window's length (see time/granularity.ts). */
  readonly granularity: Granularity | null;
  /** A source system name exactly as typed (untrusted: escape it wherever it is shown). */
  readonly source: string | null;
  readonly public: boolean;
  /** The request as normalised text without `public`, e.g. `7d daily source:billing`. */
  readonly canonical: string;
}

export interface ParseOptions {
  /**
   * True (the default) for text as Slack sends it, HTML-escaped. Pass false to parse text that is
   * already plain, such as a `canonical` stored on a Refresh button.
   */
  readonly escaped?: boolean;
}

/** Longer text is refused before parsing: no real command comes near it. */
export const MAX_COMMAND_LENGTH = 1000;

export const DEFAULT_WINDOW: WindowSpec = { kind: 'relative', amount: 24, unit: 'h' };

type SubcommandParser = (first: string, rest: readonly string[]) => ParsedCommand;

const SUBCOMMANDS: ReadonlyMap<string, SubcommandParser> = new Map<string, SubcommandParser>([
  ['help', (first, rest) => (rest.length === 0 ? { kind: 'help' } : helpNotAlone(first))],
  ...SUBCOMMAND_NAMES.map((name): [string, SubcommandParser] => [
    name,
    (_first, rest) => ({ kind: 'subcommand', name, args: rest }),
  ]),
]);

function isSubcommandName(word: string): word is SubcommandName {
  return (SUBCOMMAND_NAMES as readonly string[]).includes(word);
}

/** The command's shape, as typed. */
export const SYNOPSIS = '/exec-stats [WINDOW] [hourly|daily] [source:NAME] [public]';

/**
 * `/exec-stats help`. One form per line, each written as it is typed (with `/exec-stats`), so a
 * reader on a phone can copy a line.
 */
export const USAGE = [
  `*Usage:* \`${SYNOPSIS}\``,
  '• *WINDOW* (default `24h`): `15m`, `6h`, `24h`, `7d`, `30d` (up to now); ' +
    '`today`, `yesterday`, `this-week`, `last-week`, `this-month`, `last-month` (in your time zone); ' +
    `\`2026-11-01..2026-11-07\` (whole days) or \`2026-11-01T09:00..2026-11-01T17:30\`. At most ${MAX_WINDOW_DAYS} days.`,
  `• \`hourly\` or \`daily\` buckets (default: hourly up to ${HOURLY_MAX_HOURS} hours, else daily; ` +
    `hourly for at most ${HOURLY_LIMIT_DAYS} days)`,
  '• `source:NAME` for one source system; quote a name with spaces: `source:"my system"`',
  '• `public` posts the answer in the channel instead of only to you',
  '• `/exec-stats help` shows this',
  '*Digests in this channel* (add `tz:Europe/Berlin` for a zone other than yours):',
  '• `/exec-stats subscribe daily 09:00 [WINDOW]`',
  '• `/exec-stats subscribe weekdays 09:00 [WINDOW]`',
  '• `/exec-stats subscribe weekly mon 09:00 [WINDOW]`',
  '• `/exec-stats subscriptions` lists them; `/exec-stats unsubscribe [NAME]` removes one',
  '*Alerts:*',
  '• `/exec-stats alerts`: each rule and its state',
  '• `/exec-stats mute RULE [SOURCE] 1h`, `/exec-stats unmute RULE [SOURCE]`',
].join('\n');

/**
 * The line under the answer to a mistake. The reason already names the word and what was
 * expected, so the whole usage (900 characters, a screenful on a phone) stays in `help`.
 */
export const SEE_HELP = 'See `/exec-stats help` for everything it understands.';

/** Under an answer with no typed text to correct (a button whose query no longer parses). */
export const USAGE_LINE = `*Usage:* \`${SYNOPSIS}\`; see \`/exec-stats help\` for more.`;

export function parseCommand(text: string, options: ParseOptions = {}): ParsedCommand {
  const plain = options.escaped === false ? text : unescapeSlackText(text);
  if (plain.length > MAX_COMMAND_LENGTH) {
    const offending = `${plain.trim().slice(0, 40)}…`;
    return invalid(
      offending,
      `${quoteWord(offending)} is too long: a command has at most ${MAX_COMMAND_LENGTH} characters`,
    );
  }
  const split = splitWords(plain);
  if (!split.ok) return invalid(split.offending, split.reason);
  const [first, ...rest] = split.words;
  if (first === undefined) return statsCommand({});
  const subcommand = SUBCOMMANDS.get(first.toLowerCase());
  return subcommand ? subcommand(first, rest) : parseStats(split.words);
}

interface StatsParts {
  window?: WindowSpec;
  granularity?: Granularity;
  source?: string;
  public?: boolean;
}

function parseStats(words: readonly string[]): ParsedCommand {
  const parts: StatsParts = {};
  for (const word of words) {
    const problem = addWord(parts, word);
    if (problem !== null) return problem;
  }
  return statsCommand(parts);
}

/** Records one word in `parts`, or returns why it cannot be. */
function addWord(parts: StatsParts, word: string): ParsedCommand | null {
  const lower = word.toLowerCase();
  if (lower === 'hourly' || lower === 'daily') {
    if (parts.granularity !== undefined)
      return onlyOnce(word, 'is a second granularity: give `hourly` or `daily` once');
    parts.granularity = lower;
    return null;
  }
  if (lower === 'public') {
    if (parts.public) return onlyOnce(word, 'is given twice');
    parts.public = true;
    return null;
  }
  if (lower.startsWith(SOURCE_PREFIX)) {
    if (parts.source !== undefined)
      return onlyOnce(word, 'is a second source: give one `source:NAME` at most');
    const name = sourceName(word);
    if (name === '') {
      return invalid(
        word,
        `${quoteWord(word)} has no name: write \`source:NAME\`, like \`source:billing\``,
      );
    }
    parts.source = name;
    return null;
  }
  if (lower === 'help') return helpNotAlone(word);
  if (isSubcommandName(lower)) {
    return invalid(word, `${quoteWord(word)} comes first: write \`/exec-stats ${lower} …\``);
  }
  if (lower === 'source' || lower.startsWith('source=')) {
    return invalid(
      word,
      `${quoteWord(word)} is not understood: write \`source:NAME\`, like \`source:billing\``,
    );
  }

  const window = parseWindowSpec(word);
  if (window.ok) {
    if (parts.window !== undefined) return onlyOnce(word, 'is a second window: give one at most');
    parts.window = window.spec;
    return null;
  }
  if (looksLikeWindow(word)) return invalid(word, window.reason);
  return invalid(
    word,
    `${quoteWord(word)} is not understood: expected a window, \`hourly\`, \`daily\`, \`source:NAME\` or \`public\``,
  );
}

function statsCommand(parts: StatsParts): StatsCommand {
  const window = parts.window ?? DEFAULT_WINDOW;
  const granularity = parts.granularity ?? null;
  const source = parts.source ?? null;
  const canonical = [
    formatWindowSpec(window),
    granularity,
    source === null ? null : formatSource(source),
  ]
    .filter((part) => part !== null)
    .join(' ');
  return { kind: 'stats', window, granularity, source, public: parts.public ?? false, canonical };
}

function invalid(offending: string, reason: string): ParsedCommand {
  return { kind: 'invalid', offending, reason };
}

function onlyOnce(word: string, problem: string): ParsedCommand {
  return invalid(word, `${quoteWord(word)} ${problem}`);
}

function helpNotAlone(word: string): ParsedCommand {
  return invalid(word, `${quoteWord(word)} stands alone: write just \`/exec-stats help\``);
}
