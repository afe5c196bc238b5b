/**
 * Small syntax checks shared by the env and YAML readers. Pure: no I/O, no clock.
 */

/**
 * A Slack conversation ID: public channels start with C, private ones with G (older workspaces),
 * DMs with D. Names like `#ops` are refused: they change when a channel is renamed.
 */
export const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;

export function channelIdProblem(value: string): string {
  if (value.startsWith('#')) {
    return `"${value}" is a channel name; use the channel ID (like C0123456789): in Slack, open the channel's details, the ID is at the bottom`;
  }
  return `"${value}" is not a channel ID; channel IDs look like C0123456789 (channel details, at the bottom)`;
}

export const WINDOW_HINT =
  'a WINDOW like 15m, 24h, 7d, today, yesterday, this-week, last-week, this-month, last-month or 2026-11-01..2026-11-07';

/** The known word closest to a typo (`shedule` → `schedule`), or null when none is close. */
export function closest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Allow roughly one typo per four letters, at least one.
  const tolerance = Math.max(1, Math.floor(word.length / 4));
  return bestDistance <= tolerance ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
