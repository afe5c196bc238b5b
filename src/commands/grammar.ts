import type { CommandDeclaration } from '../features/feature.js';
import {
  formatSource,
  quoteWord,
  SOURCE_PREFIX,
  sourceName,
  splitWords,
  unescapeSlackText,
} from '../messages/command-text.js';
import type { Granularity, WindowSpec } from '../time/window.js';
import { formatWindowSpec, looksLikeWindow, parseWindowSpec } from '../time/window-spec.js';

/**
 * The `/exec-stats` grammar: `help` alone; a subcommand, when the first word is one that a
 * feature declared (the feature parses the words after it); or else a stats query,
 * `[WINDOW] [hourly|daily] [source:NAME] [public]` in any order, each at most once. It names no
 * feature: the subcommands and the help lines come from the features' CommandDeclarations.
 */

export type ParsedCommand =
  | { readonly kind: 'help' }
  | StatsCommand
  | SubcommandRequest
  | { readonly kind: 'invalid'; readonly offending: string; readonly reason: string };

/** A subcommand of a feature; the feature parses its arguments. */
export interface SubcommandRequest {
  readonly kind: 'subcommand';
  /** Lowercase, as declared. */
  readonly name: string;
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

/** The command's shape, as typed. */
export const SYNOPSIS = '/exec-stats [WINDOW] [hourly|daily] [source:NAME] [public]';

/**
 * The line under the answer to a mistake. The reason already names the word and what was
 * expected, so the whole usage (900 characters, a screenful on a phone) stays in `help`.
 */
export const SEE_HELP = 'See `/exec-stats help` for everything it understands.';

/** Under an answer with no typed text to correct (a button whose query no longer parses). */
export const USAGE_LINE = `*Usage:* \`${SYNOPSIS}\`; see \`/exec-stats help\` for more.`;

/** `/exec-stats` with a given set of features' subcommands and help. */
export interface CommandGrammar {
  parse(text: string, options?: ParseOptions): ParsedCommand;
  /** Every declared subcommand, in help's order. */
  readonly subcommandNames: readonly string[];
  /** `/exec-stats help`: every feature's help lines, one form per line. */
  readonly usage: string;
}

export function createCommandGrammar(declarations: readonly CommandDeclaration[]): CommandGrammar {
  const subcommandNames = declarations.flatMap((declaration) => declaration.subcommands);
  const subcommands: ReadonlySet<string> = new Set(subcommandNames);
  return {
    subcommandNames,
    usage: declarations.flatMap((declaration) => declaration.help).join('\n'),
    parse: (text, options = {}) => parseWith(subcommands, text, options),
  };
}

/**
 * A query stored on a button (the grammar's `canonical`): a stats query or nothing, so it is
 * parsed with no subcommands. Every text that is a query here is the same query in the full
 * grammar.
 */
export function parseStatsQuery(text: string, options: ParseOptions = {}): ParsedCommand {
  return parseWith(new Set(), text, options);
}

function parseWith(
  subcommands: ReadonlySet<string>,
  text: string,
  options: ParseOptions,
): ParsedCommand {
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
  const name = first.toLowerCase();
  if (name === 'help') return rest.length === 0 ? { kind: 'help' } : helpNotAlone(first);
  if (subcommands.has(name)) return { kind: 'subcommand', name, args: rest };
  return parseStats(split.words, subcommands);
}

interface StatsParts {
  window?: WindowSpec;
  granularity?: Granularity;
  source?: string;
  public?: boolean;
}

function parseStats(words: readonly string[], subcommands: ReadonlySet<string>): ParsedCommand {
  const parts: StatsParts = {};
  for (const word of words) {
    const problem = addWord(parts, word, subcommands);
    if (problem !== null) return problem;
  }
  return statsCommand(parts);
}

/** Records one word in `parts`, or returns why it cannot be. */
function addWord(
  parts: StatsParts,
  word: string,
  subcommands: ReadonlySet<string>,
): ParsedCommand | null {
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
  if (subcommands.has(lower)) {
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
