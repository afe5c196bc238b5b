import { escapeEntities } from './mrkdwn.js';

/**
 * What the rule modal's Preview shows: how many times the rule would have fired over the last 7
 * days, and when (already formatted in the reader's zone by the caller).
 */

/** The preview's text: "Over the last 7 days this rule would have fired N times", and when. */
export function previewText(input: {
  readonly firings: readonly { readonly at: string; readonly subjects: string }[];
  readonly more: number;
  readonly hoursFiring: number;
  readonly zone: string;
}): string {
  const n = input.firings.length + input.more;
  const head = `*Over the last 7 days this rule would have fired ${n} time${n === 1 ? '' : 's'}.*`;
  if (n === 0) return `${head}\nIt would not have posted anything.`;
  const lines = input.firings.map(
    (f) => `• ${f.at}${f.subjects === '' ? '' : ` (${escapeEntities(f.subjects)})`}`,
  );
  if (input.more > 0) lines.push(`• …and ${input.more} more`);
  return `${head} Times in ${escapeEntities(input.zone)}; firing for ${input.hoursFiring} h in all:\n${lines.join('\n')}`;
}
