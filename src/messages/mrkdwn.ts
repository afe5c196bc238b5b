/**
 * Escaping for Slack mrkdwn, so that no string from the stats API (workflow names, source systems,
 * failure reasons, IDs) can mention `@channel`, spoof a link or break the layout it is embedded in.
 *
 * What `escapeMrkdwn` does, in this order:
 * 1. Line breaks, tabs and other control characters become a space: every API value is shown on
 *    one line, so a value cannot add lines, bullets or quotes of its own. Bidi override characters
 *    (U+202A–U+202E, U+2066–U+2069) are removed so a value cannot reverse the text that follows it;
 *    right-to-left text itself is kept.
 * 2. Formatting characters: Slack has no escape for them, so they are swapped for look-alikes where
 *    Slack could read them as markup. A backtick always becomes `ˋ` (U+02CB), because a code span
 *    may open anywhere. `*` `_` `~` become `∗` `ˍ` `∼` only when they are NOT between two letters
 *    or digits: Slack only treats them as markup at a word boundary, and keeping them inside words
 *    keeps IDs such as `nightly_sync_v2` exact for copy and paste.
 * 3. `&` `<` `>` become `&amp;` `&lt;` `&gt;`, as Slack requires: with no raw `<` left, no value can
 *    form `<!channel>`, `<@U123>` or `<https://evil|x>`.
 * Text objects that carry API values are also sent with `verbatim: true` (see blocks.ts), so Slack
 * does not auto-link or parse mentions in them either.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** What a code span cannot hold as it is: a backtick (it would end the span), control and bidi. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NOT_IN_CODE_SPAN = /[`\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const FORMATTING_LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217',
  _: '\u02cd',
  '~': '\u223c',
};
const BACKTICK_LOOKALIKE = '\u02cb';

/** Escapes only Slack's three control characters; for text we wrote ourselves (usage, help). */
export function escapeEntities(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line, no control or bidi override characters. */
function toSingleLine(s: string): string {
  return s.replace(BIDI_CONTROLS, '').replace(CONTROL_CHARS, ' ');
}

function neutraliseFormatting(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '`') {
      out += BACKTICK_LOOKALIKE;
      continue;
    }
    const lookalike = FORMATTING_LOOKALIKES[ch];
    if (lookalike === undefined) {
      out += ch;
      continue;
    }
    const insideWord = WORD_CHAR.test(s.charAt(i - 1)) && WORD_CHAR.test(s.charAt(i + 1));
    out += insideWord ? ch : lookalike;
  }
  return out;
}

/** An untrusted value for a mrkdwn text: one line, inert formatting, entities escaped. */
export function escapeMrkdwn(s: string): string {
  return escapeEntities(neutraliseFormatting(toSingleLine(s)));
}

/**
 * A value shown exactly, as inline code, so it can be copied back (a cron expression such as
 * `0 9 * * 1-5`): inside a code span Slack does not read `*`, `_` or `~` as markup, so only
 * `& < >` are escaped and no look-alike is swapped in. Slack has no escape for a backtick, which
 * would close the span early and let the rest be read as markup; a value holding one (or a control
 * or bidi character) cannot be shown exactly and falls back to shownValue, look-alikes and all.
 */
export function codeSpan(s: string, max: number): string {
  const value = s.trim();
  if (value === '' || NOT_IN_CODE_SPAN.test(value)) return shownValue(value, max);
  return `\`${truncateText(escapeEntities(value), max)}\``;
}

/**
 * An untrusted value escaped, trimmed and cut to `max` characters without splitting an entity;
 * an empty one reads "(empty)", so that it never leaves stray markup or an empty text behind.
 */
export function shownValue(s: string, max: number): string {
  const escaped = escapeMrkdwn(s).trim();
  return escaped === '' ? '(empty)' : truncateText(escaped, max);
}

/** A Slack ID (channel, user): capitals and digits only, so it cannot form markup. */
export const SLACK_ID = /^[A-Z0-9]{2,40}$/;

/** `<#C123>` for a channel ID; anything else shown as text, so it cannot form markup. */
export function channelRef(channel: string): string {
  return SLACK_ID.test(channel) ? `<#${channel}>` : shownValue(channel, 80);
}

/**
 * An untrusted value for a plain_text object (header, button): one line, entities escaped (Slack
 * decodes `&amp;` `&lt;` `&gt;` in every text object). Formatting characters are harmless there.
 */
export function escapePlainText(s: string): string {
  return escapeEntities(toSingleLine(s));
}

/**
 * Makes a URL safe inside `<url|label>`: the characters that would end or split the link are
 * percent-encoded, `&` becomes `&amp;` as everywhere in Slack text. IDs inside the URL are already
 * encodeURIComponent'd by renderExecutionUrl (config/execution-url.ts); this guards against an odd configured template.
 */
function safeLinkUrl(url: string): string {
  return url
    .replace(/[\s<>|]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/&/g, '&amp;');
}

/**
 * A mrkdwn link with an untrusted label (escaped, and cut to `maxLabel` characters when given);
 * an empty label shows the URL.
 */
export function mrkdwnLink(url: string, label: string, maxLabel?: number): string {
  const escaped = escapeMrkdwn(label);
  const safeLabel = maxLabel === undefined ? escaped : truncateText(escaped, maxLabel);
  const safeUrl = safeLinkUrl(url);
  return safeLabel === '' ? `<${safeUrl}>` : `<${safeUrl}|${safeLabel}>`;
}

const ELLIPSIS = '…';
const ENTITY_AT = /^&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;

/**
 * Cuts `s` to at most `max` UTF-16 code units (the conservative count of Slack's limits),
 * ending with "…". Never splits an entity (`&amp;`), a surrogate pair (emoji) or one of our own
 * `<…>` constructs (links, dates): the cut moves before them instead.
 */
export function truncateText(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  const open = s.lastIndexOf('<', cut - 1);
  if (open !== -1 && s.lastIndexOf('>', cut - 1) < open) cut = open;
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp !== -1 && cut - amp < 10) {
    const entity = ENTITY_AT.exec(s.slice(amp));
    if (entity && amp + entity[0].length > cut) cut = amp;
  }
  const last = s.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}
