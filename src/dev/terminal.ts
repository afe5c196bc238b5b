import type { Block, SlackMessage } from '../messages/message.js';

/**
 * Any Block Kit message as readable plain text, for `npm run demo` and `exec-stats preview`:
 * headers underlined, fields in two columns, context lines dimmed, links as "label (url)",
 * buttons as "[ Refresh ]", and Slack's entities turned back into characters.
 */

export interface TerminalOptions {
  /** Columns to wrap at; default 80. */
  readonly width?: number;
  /** ANSI bold and dim; default false (plain text, e.g. for files and tests). */
  readonly color?: boolean;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

interface Style {
  bold(s: string): string;
  dim(s: string): string;
}

function style(color: boolean): Style {
  return color
    ? { bold: (s) => `\u001b[1m${s}\u001b[22m`, dim: (s) => `\u001b[2m${s}\u001b[22m` }
    : { bold: (s) => s, dim: (s) => s };
}

function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

function unescapeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack's `<…>` constructs, as a reader sees them. */
function renderAngleBrackets(s: string): string {
  return s.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? '' : inner.slice(bar + 1);
    if (target.startsWith('!date^')) return label;
    if (target.startsWith('!')) return `@${label || target.slice(1)}`;
    if (target.startsWith('@') || target.startsWith('#')) return label || target;
    return label ? `${label} (${target})` : target;
  });
}

/** The emoji shortcodes the bot's messages use, drawn as Slack draws them; others stay as typed. */
const EMOJI: Readonly<Record<string, string>> = {
  warning: '⚠️',
  white_check_mark: '✅',
  hourglass: '⌛',
  calendar: '📅',
};

const EMOJI_CODE = /:([a-z_]+):/g;

const WORD = '\\p{L}\\p{N}';
/** `marker` as it goes in a regex: `\\*` for bold, `_` and `~` as they are. */
function markerPattern(m: string): RegExp {
  return new RegExp(`(^|[^${WORD}])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?![${WORD}])`, 'gu');
}
const BOLD = markerPattern('\\*');
const ITALIC = markerPattern('_');
const STRIKE = markerPattern('~');

/** mrkdwn to display text: markup removed (bold kept as ANSI bold when colored). */
export function mrkdwnToDisplay(text: string, color = false): string {
  const { bold } = style(color);
  const withoutCodeBlocks = text.replace(/```([\s\S]*?)```/g, (_w, code: string) =>
    code
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  // Links and dates are set aside while markup is removed, so `*` or `_` in a URL stay as they are.
  const constructs: string[] = [];
  const markup = withoutCodeBlocks.replace(/<[^<>]*>/g, (construct) => {
    constructs.push(renderAngleBrackets(construct));
    return `\ue000${constructs.length - 1}\ue000`;
  });
  const marked = markup
    .replace(BOLD, (_w, before: string, inner: string) => `${before}${bold(inner)}`)
    .replace(ITALIC, '$1$2')
    .replace(STRIKE, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(EMOJI_CODE, (whole, name: string) => EMOJI[name] ?? whole)
    .replace(/\ue000(\d+)\ue000/g, (_w, i: string) => constructs[Number(i)] ?? '');
  return unescapeEntities(marked);
}

/** Word wrap keeping each line's indentation; words longer than `width` stay whole. */
function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => {
    if (visibleLength(line) <= width) return [line];
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    const out: string[] = [];
    let current = '';
    for (const word of line.trim().split(/ +/)) {
      const candidate = current === '' ? `${indent}${word}` : `${current} ${word}`;
      if (current !== '' && visibleLength(candidate) > width) {
        out.push(current);
        current = `${indent}${word}`;
      } else {
        current = candidate;
      }
    }
    out.push(current);
    return out;
  });
}

function padTo(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

function twoColumns(fields: readonly string[], width: number): string[] {
  const column = Math.max(10, Math.floor((width - 2) / 2));
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const left = wrap(fields[i] ?? '', column);
    const right = wrap(fields[i + 1] ?? '', column);
    for (let row = 0; row < Math.max(left.length, right.length); row++) {
      lines.push(`${padTo(left[row] ?? '', column)}  ${right[row] ?? ''}`.trimEnd());
    }
  }
  return lines;
}

function renderBlock(block: Block, width: number, color: boolean): string[] {
  const { bold, dim } = style(color);
  const display = (text: string) => mrkdwnToDisplay(text, color);
  switch (block.type) {
    case 'header': {
      const text = unescapeEntities(block.text.text);
      return [bold(text), '═'.repeat(Math.min(width, visibleLength(text)))];
    }
    case 'section':
      return [
        ...(block.text ? wrap(display(block.text.text), width) : []),
        ...(block.fields
          ? twoColumns(
              block.fields.map((f) => display(f.text)),
              width,
            )
          : []),
      ];
    case 'context': {
      const texts = block.elements.flatMap((e) => ('text' in e ? [display(e.text)] : []));
      return wrap(texts.join('  '), width).map(dim);
    }
    case 'divider':
      return ['─'.repeat(width)];
    case 'actions':
      return [
        block.elements
          .map((e) =>
            e.type === 'button' ? `[ ${unescapeEntities(e.text.text)} ]` : `[${e.type}]`,
          )
          .join(' '),
      ];
    case 'markdown':
      return wrap(block.text, width);
    default:
      return [`[${block.type} block]`];
  }
}

export function renderForTerminal(message: SlackMessage, options: TerminalOptions = {}): string {
  const width = Math.max(20, options.width ?? 80);
  const color = options.color ?? false;
  if (message.blocks.length === 0)
    return wrap(mrkdwnToDisplay(message.text, color), width).join('\n');
  return message.blocks.map((block) => renderBlock(block, width, color).join('\n')).join('\n\n');
}
