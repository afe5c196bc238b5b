import { escapeEntities } from './mrkdwn.js';

/**
 * What the rule modal's Preview shows: how many times the rule would have fired over the last 7
 * days, and when (already formatted in the reader's zone by the caller).
 */

/** The baseline the preview compared with; absent or null: the rule has none. */
export interface PreviewBaseline {
  /** The hours compared with (the rule's baseline window, or the cap). */
  readonly hours: number;
  /** True when the rule's baseline window is longer: the preview used only `hours`. */
  readonly capped: boolean;
}

/** The preview's text: "Over the last 7 days this rule would have fired N times", and when. */
export function previewText(input: {
  readonly firings: readonly { readonly at: string; readonly subjects: string }[];
  readonly more: number;
  readonly hoursFiring: number;
  readonly zone: string;
  readonly baseline?: PreviewBaseline | null;
}): string {
  const n = input.firings.length + input.more;
  const head = `*Over the last 7 days this rule would have fired ${n} time${n === 1 ? '' : 's'}.*${baselineNote(input.baseline ?? null)}`;
  if (n === 0) return `${head}\nIt would not have posted anything.`;
  const lines = input.firings.map(
    (f) => `• ${f.at}${f.subjects === '' ? '' : ` (${escapeEntities(f.subjects)})`}`,
  );
  if (input.more > 0) lines.push(`• …and ${input.more} more`);
  return `${head} Times in ${escapeEntities(input.zone)}; firing for ${input.hoursFiring} h in all:\n${lines.join('\n')}`;
}

/** What the firings were compared with, so a reader knows the baseline test was run. */
function baselineNote(baseline: PreviewBaseline | null): string {
  if (baseline === null) return '';
  const span = baseline.hours % 24 === 0 ? `${baseline.hours / 24} d` : `${baseline.hours} h`;
  return baseline.capped
    ? ` Compared with the usual rate of the ${span} before each window only (the preview's longest; the rule itself uses its whole baseline window).`
    : ` Compared with the usual rate of the ${span} before each window.`;
}
