/**
 * Numbers for humans, always in the same English style whatever the machine's locale, so that a
 * message reads the same in every channel and in tests.
 */

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 -> "12,345". Not a finite number -> "n/a". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? COUNT_FORMAT.format(n) : 'n/a';
}

/**
 * A count with its noun, singular for exactly one: "1 failure", "5 failures", "1,200 source
 * systems". `plural` for nouns that do not just take an "s".
 */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/**
 * A ratio as a percentage with at most one decimal: 0.973 -> "97.3%", 0.5 -> "50%".
 * Exactly 0 and 1 read "0%" and "100%"; anything in between never rounds to them, so a single
 * failure among thousands reads "<0.1%" and one missing success reads ">99.9%".
 * Ratios above 1 or below 0 (changes between periods) are shown as they are: 1.35 -> "135%".
 */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  if (ratio === 0) return '0%';
  if (ratio === 1) return '100%';
  const percent = ratio * 100;
  if (percent > 0 && percent < 0.1) return '<0.1%';
  if (percent > 99.9 && percent < 100) return '>99.9%';
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** part / whole as a percentage; "n/a" when there is no whole to compare with. */
export function formatRate(part: number, whole: number): string {
  if (!(whole > 0)) return 'n/a';
  return formatPercent(part / whole);
}
