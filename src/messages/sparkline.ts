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
  const bars = sumInGroups(values, valuesPerBar(values.length, maxChars));
  const max = Math.max(...bars);
  if (max === 0) return LOWEST.repeat(bars.length);
  const top = BARS.length - 1;
  return bars
    .map((value) => {
      if (value === 0) return LOWEST;
      const level = Math.max(1, Math.round((value / max) * top));
      return BARS[level] ?? LOWEST;
    })
    .join('');
}
