import { HELP_OPTION, type OptionSpec } from './args.js';

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
