/**
 * Titles come from config and users (rule names, source systems, digest names): anything may be in
 * them. Vega escapes text for SVG itself; what is left is what the bundled font cannot draw
 * (emoji would come out as empty boxes), control characters, and length (a title wider than the
 * picture is cut by Vega's `limit`, this keeps the alt text short too).
 */

const MAX_TITLE_CHARS = 90;
const UNDRAWABLE = /\p{Extended_Pictographic}|[\p{Cc}\p{Cf}\p{Cs}\p{Co}]|\u{FE0F}|\u{20E3}/gu;

export function drawableTitle(title: string): string {
  const cleaned = title.replace(UNDRAWABLE, '').replace(/\s+/g, ' ').trim();
  return cut(cleaned, MAX_TITLE_CHARS);
}

/**
 * Vega, without a canvas, can only estimate text widths (generously), and would cut a title it
 * thinks too wide; so titles and subtitles are cut here, by characters, to what the bundled font
 * fits in the picture's width at the sizes in chart-style.ts, and Vega's own limit is turned off.
 */
const TITLE_CHARS = 46;
const SUBTITLE_CHARS = 66;

export function chartTitle(
  title: string,
  fallback: string,
  subtitle: string,
): { text: string; subtitle?: string; limit: number } {
  return {
    text: cut(drawableTitle(title) || fallback, TITLE_CHARS),
    ...(subtitle === '' ? {} : { subtitle: cut(subtitle, SUBTITLE_CHARS) }),
    limit: 0,
  };
}

function cut(text: string, chars: number): string {
  const glyphs = [...text];
  return glyphs.length <= chars ? text : `${glyphs.slice(0, chars - 1).join('')}…`;
}

/** "1,234" (the same grouping in every locale, so output does not depend on the machine). */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "4.2%", "0%", "100%". */
export function formatPercent(rate: number): string {
  const percent = rate * 100;
  if (percent === 0 || percent === 100) return `${percent}%`;
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}
