import type { CliIo } from './io.js';

/**
 * The command line of a CLI command: the options it takes, parsed (`--name`, `--name VALUE`,
 * `--name=VALUE`, `-h`/`--help`, and `--` to end the options), its `--help` text, and the usage
 * error when it is written wrong. Anything else that starts with `-` is refused, with the closest
 * known option as a hint, so a typo like `--jsn` is an error and not silently a window word.
 */

export interface OptionSpec {
  /** Long name without the dashes, e.g. `json`. */
  readonly name: string;
  /** One letter, e.g. `h` for `-h`. */
  readonly short?: string;
  /** Placeholder of the value (`N`, `ISO`), for an option that takes one; absent for a flag. */
  readonly value?: string;
  /** One line for `--help`. */
  readonly help: string;
}

/** Every command takes these; `--help` wins over any other problem in the arguments. */
export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', help: 'show this help' };

export type ParsedArgs =
  | {
      readonly ok: true;
      readonly help: boolean;
      /** Flags map to true, options with a value to the value. */
      readonly options: ReadonlyMap<string, string | true>;
      readonly positionals: readonly string[];
    }
  | { readonly ok: false; readonly problem: string };

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [HELP_OPTION, ...specs];
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  let help = false;
  let problem: string | null = null;
  const fail = (text: string) => {
    problem ??= text;
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    // A lone `-` (stdin by convention) and words like `15m` are positionals.
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const written = equals === -1 ? arg : arg.slice(0, equals);
    const spec = findSpec(all, written);
    if (spec === undefined) {
      fail(`unknown option "${written}"${suggestion(all, written)}`);
      continue;
    }
    if (spec === HELP_OPTION) {
      help = true;
      continue;
    }
    if (options.has(spec.name)) {
      fail(`--${spec.name} is given twice`);
      continue;
    }
    if (spec.value === undefined) {
      if (equals !== -1) fail(`--${spec.name} takes no value`);
      else options.set(spec.name, true);
      continue;
    }
    const value = equals !== -1 ? arg.slice(equals + 1) : args[i + 1];
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) {
      fail(`--${spec.name} needs a value (${spec.value})`);
      continue;
    }
    if (equals === -1) i += 1;
    options.set(spec.name, value);
  }
  if (help) return { ok: true, help, options, positionals };
  if (problem !== null) return { ok: false, problem };
  return { ok: true, help, options, positionals };
}

function findSpec(specs: readonly OptionSpec[], written: string): OptionSpec | undefined {
  if (written.startsWith('--')) return specs.find((spec) => `--${spec.name}` === written);
  return specs.find((spec) => spec.short !== undefined && `-${spec.short}` === written);
}

/** ` (did you mean --json?)` when a known option is one or two edits away, else nothing. */
export function suggestion(specs: readonly OptionSpec[], written: string): string {
  const plain = written.replace(/^-+/, '').toLowerCase();
  const close = closest(
    specs.map((spec) => spec.name),
    plain,
  );
  return close === null ? '' : ` (did you mean --${close}?)`;
}

/** The candidate at most two edits from `word` (the nearest one), or null. */
export function closest(candidates: readonly string[], word: string): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = editDistance(name, word);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * `--help` text of a command, laid out for an 80-column terminal: the terms (options, arguments,
 * commands) in one column, the descriptions aligned beside them and wrapped under themselves, so
 * a long term never runs into its description.
 */

export interface CommandHelp {
  /** After `usage: `, e.g. `exec-stats preview [WINDOW…] [--json]`. */
  readonly usage: string;
  /** What the command does, one or two sentences. */
  readonly summary: string;
  /** Titled lists of [term, description]. */
  readonly sections?: readonly { readonly title: string; readonly rows: readonly Row[] }[];
  /** The command's options; `-h, --help` is added. */
  readonly options?: readonly OptionSpec[];
  /** Paragraphs after the options (defaults, exit status). */
  readonly notes?: readonly string[];
}

export type Row = readonly [term: string, description: string];

export const WIDTH = 80;
/** A term longer than this gets its description on the next line, so the column stays narrow. */
const MAX_TERM = 24;

export function formatHelp(help: CommandHelp): string {
  const parts = [usageLines(help.usage), wrap(help.summary, WIDTH)];
  for (const section of help.sections ?? [])
    parts.push(`${section.title}:\n${columns(section.rows)}`);
  parts.push(`Options:\n${columns([HELP_OPTION, ...(help.options ?? [])].map(optionRow))}`);
  for (const note of help.notes ?? []) parts.push(wrap(note, WIDTH));
  return `${parts.join('\n\n')}\n`;
}

/**
 * `usage: exec-stats replay [--scenario NAME] …`, wrapped at the bracketed groups and continued
 * under the first of them, so a long synopsis stays readable in 80 columns.
 */
function usageLines(usage: string): string {
  const head = usage.match(/^[^[<]*/)?.[0] ?? '';
  const groups = usage.slice(head.length).match(/\S*\[[^\]]*\]\S*|<[^>]*>|\S+/g) ?? [];
  const indent = ' '.repeat('usage: '.length + head.length);
  const lines: string[] = [];
  let line = `usage: ${head.trimEnd()}`;
  for (const group of groups) {
    if (line.length + 1 + group.length > WIDTH && line.trim() !== '') {
      lines.push(line);
      line = `${indent.slice(0, -1)}`;
    }
    line = `${line} ${group}`;
  }
  lines.push(line);
  return lines.join('\n');
}

export function optionRow(spec: OptionSpec): Row {
  const long = `--${spec.name}${spec.value === undefined ? '' : ` ${spec.value}`}`;
  return [spec.short === undefined ? `    ${long}` : `-${spec.short}, ${long}`, spec.help];
}

/** Two aligned columns, indented by 2; descriptions wrap under themselves. */
export function columns(rows: readonly Row[]): string {
  const fitting = rows.map(([term]) => term.length).filter((length) => length <= MAX_TERM);
  const termWidth = Math.max(0, ...fitting);
  const indent = ' '.repeat(2 + termWidth + 2);
  return rows
    .map(([term, description]) => {
      const body = wrap(description, WIDTH - indent.length).replaceAll('\n', `\n${indent}`);
      return term.length <= termWidth
        ? `  ${term.padEnd(termWidth)}  ${body}`
        : `  ${term}\n${indent}${body}`;
    })
    .join('\n');
}

/** A number and its unit (`2 h`, `20 min`) stay on one line. */
const NUMBER_AND_UNIT = /(\d) (h|min|s|ms|m|d|days|hours|minutes|%)(?=$|[\s,.;:)])/g;
const GLUE = '\u00a0';

/** Word wrap at `width`; a single word longer than the width stays whole. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  const glued = text.replace(NUMBER_AND_UNIT, `$1${GLUE}$2`);
  for (const paragraph of glued.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines.join('\n').replaceAll(GLUE, ' ');
}

/**
 * Usage errors are written for a terminal: one line saying what is wrong, one saying where to
 * read the usage.
 */

/** Exit status of a command line that cannot be run as written (unknown option, bad window). */
export const USAGE_ERROR = 2;

/** `exec-stats preview: unknown option "--jsn" …` and where to read the usage. */
export function usageText(command: string, problem: string): string {
  return `${command}: ${problem}\nRun "${command} --help" for usage.\n`;
}

/** Writes usageText to stderr; returns 2 for the command's exit status. */
export function usageError(io: CliIo, command: string, problem: string): number {
  io.err(usageText(command, problem));
  return USAGE_ERROR;
}
