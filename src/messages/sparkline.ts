/**
 * A compact trend as Unicode block characters, e.g. "▁▁▂▅█▃". Bars are scaled from zero (not from
 * the minimum) so that a flat series reads flat, and any non-zero value gets at least the second
 * bar, so a single failure among many quiet hours stays visible.
 */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const LOWEST = BARS[0];

export const DEFAULT_SPARKLINE_CHARS = 48;

/**
 * How many input values go into one bar when `count` values are drawn in at most `maxChars`
 * bars: 1 when they fit, else the smallest whole number that fits (2,160 hourly values in 48
 * bars -> 45 per bar). Whole numbers keep bars comparable; only the last bar may hold fewer.
 */
export function valuesPerBar(count: number, maxChars: number = DEFAULT_SPARKLINE_CHARS): number {
  const chars = Math.max(1, Math.floor(maxChars));
  return count <= chars ? 1 : Math.ceil(count / chars);
}

/** Sums consecutive values into groups of `size`. */
function sumInGroups(values: readonly number[], size: number): number[] {
  const sums: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    let sum = 0;
    for (const value of values.slice(i, i + size)) sum += clean(value);
    sums.push(sum);
  }
  return sums;
}

/** Negative, NaN and infinite values are drawn as zero. */
function clean(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export function sparkline(
  values: readonly number[],
  maxChars: number = DEFAULT_SPARKLINE_CHARS,
): string {
  if (values.length === 0) return '';
  return drawBars(sumInGroups(values, valuesPerBar(values.length, maxChars)));
}

/**
 * Drawn in place of a bar whose value is not known well enough to draw (null), e.g. a bucket of
 * which only a few minutes lie in the window: a dot reads as "no bar here", not as a dip.
 */
export const NOT_DRAWN = '·';

/** One character per value, scaled from zero to the largest; null draws NOT_DRAWN. */
export function drawBars(bars: readonly (number | null)[]): string {
  const max = Math.max(0, ...bars.map((value) => (value === null ? 0 : clean(value))));
  const top = BARS.length - 1;
  return bars
    .map((value) => {
      if (value === null) return NOT_DRAWN;
      if (max === 0 || clean(value) === 0) return LOWEST;
      const level = Math.max(1, Math.round((clean(value) / max) * top));
      return BARS[level] ?? LOWEST;
    })
    .join('');
}
