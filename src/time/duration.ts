/**
 * Durations in configuration (`interval: 1m`, `renotify: 1h`): a positive whole number followed by
 * one unit, `s`, `m`, `h` or `d`. Formatting durations for people lives with the messages.
 */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const DURATION = /^([0-9]{1,12})([smhd])$/;

/** Milliseconds, or null when `text` is not such a duration (including `0s`, `-5m`, `1.5h`, `1h30m`). */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS;
  if (amount <= 0) return null;
  const ms = amount * UNIT_MS[unit];
  return Number.isSafeInteger(ms) ? ms : null;
}
