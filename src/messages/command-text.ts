/**
 * Slash-command text before grammar: Slack's HTML escaping undone, then split into words. A word
 * that starts with `source:` followed by a quote runs to the closing quote, so that a source
 * name may hold spaces (`source:"my system"`). Phones turn `"` into curly quotes, so those open
 * and close names too.
 */

export type SplitResult =
  | { readonly ok: true; readonly words: readonly string[] }
  | { readonly ok: false; readonly offending: string; readonly reason: string };

/** Opening quote -> the characters accepted as its closing quote. */
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"”',
  '“': '”"“',
  "'": "'’",
  '‘': "’'",
  '«': '»',
};

export const SOURCE_PREFIX = 'source:';

/** Slack escapes exactly `&`, `<` and `>` in command text; one pass, so `&amp;lt;` gives `&lt;`. */
export function unescapeSlackText(text: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => entities[name] ?? '');
}

/** A word as the reader should see it in a reason: backticks cannot close our code span. */
export function quoteWord(word: string): string {
  const short = word.length > 60 ? `${word.slice(0, 59)}…` : word;
  return `\`${short.replaceAll('`', "'")}\``;
}

export function splitWords(text: string): SplitResult {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text.charAt(i))) {
      i += 1;
      continue;
    }
    const start = i;
    const opener = text.charAt(start + SOURCE_PREFIX.length);
    const closers = QUOTES[opener];
    if (
      closers &&
      text.slice(start, start + SOURCE_PREFIX.length).toLowerCase() === SOURCE_PREFIX
    ) {
      const close = indexOfAny(text, closers, start + SOURCE_PREFIX.length + 1);
      if (close === -1) {
        const offending = text.slice(start).trim();
        return { ok: false, offending, reason: `${quoteWord(offending)} has no closing quote` };
      }
      i = close + 1;
      if (i < text.length && !/\s/.test(text.charAt(i))) {
        const offending = text.slice(start).split(/\s/, 1)[0] ?? '';
        return {
          ok: false,
          offending,
          reason: `${quoteWord(offending)} goes on after its closing quote`,
        };
      }
    } else {
      while (i < text.length && !/\s/.test(text.charAt(i))) i += 1;
    }
    words.push(text.slice(start, i));
  }
  return { ok: true, words };
}

/** The name in a `source:` word: quotes removed and spaces trimmed; empty when there is none. */
export function sourceName(word: string): string {
  const value = word.slice(SOURCE_PREFIX.length);
  const closers = QUOTES[value.charAt(0)];
  const quoted = closers !== undefined && value.length >= 2 && closers.includes(value.slice(-1));
  return (quoted ? value.slice(1, -1) : value).trim();
}

/** `source:NAME`, quoted when NAME would not read back as one plain word. */
export function formatSource(name: string): string {
  const plain = !/\s/.test(name) && QUOTES[name.charAt(0)] === undefined;
  if (plain) return `${SOURCE_PREFIX}${name}`;
  const fits = (open: string) => ![...(QUOTES[open] ?? '')].some((c) => name.includes(c));
  const open = Object.keys(QUOTES).find(fits) ?? '"';
  const close = (QUOTES[open] ?? '"').charAt(0);
  return `${SOURCE_PREFIX}${open}${name}${close}`;
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    if (chars.includes(text.charAt(i))) return i;
  }
  return -1;
}
