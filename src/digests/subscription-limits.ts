/**
 * What members may schedule from Slack. Pure.
 *
 * - **5 per channel**: each digest is a full message in the channel; a channel with more than a
 *   handful of scheduled summaries is noise nobody reads, and Slack posts about one message per
 *   second per channel, so 5 digests due at the same minute still post within a few seconds.
 * - **10 per person**, across channels: enough to look after a couple of teams' channels (a daily
 *   and a weekly in each), not enough for one member to flood the bot or the stats API.
 *
 * Only digests subscribed from Slack count: the config file's digests are the operator's choice.
 * An identical digest (same schedule, zone and window) in the channel is never added twice.
 */
export interface SubscriptionLimits {
  readonly perChannel: number;
  readonly perUser: number;
}

export const SUBSCRIPTION_LIMITS: SubscriptionLimits = { perChannel: 5, perUser: 10 };

/** How many subscriptions exist now: in the channel asked for, and made by the person asking. */
export interface SubscriptionCounts {
  readonly inChannel: number;
  readonly byUser: number;
}

export type CapReached =
  | { readonly cap: 'channel'; readonly limit: number }
  | { readonly cap: 'user'; readonly limit: number };

/** The cap one more subscription would go over, or null when it fits. The channel's comes first. */
export function capReached(
  counts: SubscriptionCounts,
  limits: SubscriptionLimits,
): CapReached | null {
  if (counts.inChannel >= limits.perChannel) return { cap: 'channel', limit: limits.perChannel };
  if (counts.byUser >= limits.perUser) return { cap: 'user', limit: limits.perUser };
  return null;
}

/** What makes two digests post the same message at the same time. */
export interface DigestShape {
  readonly schedule: string;
  readonly timezone: string;
  readonly window: string;
}

/**
 * Whether two digests post the same message at the same moments: same schedule, zone and window.
 * Schedules compare field by field as written (subscriptions are written by the grammar, always
 * the same way); a YAML digest written another way (`MON-FRI` for `1-5`) is not caught.
 */
export function sameDigest(a: DigestShape, b: DigestShape): boolean {
  const cron = (schedule: string) => schedule.trim().split(/\s+/).join(' ');
  return (
    cron(a.schedule) === cron(b.schedule) && a.timezone === b.timezone && a.window === b.window
  );
}

/**
 * Digests subscribed from Slack are due on whole minutes, so many of them (across channels) can
 * share one. Each run is started a few seconds into its minute, at an offset derived from the
 * digest's id: the same digest always at the same second, different digests spread over
 * `STAGGER_SLOTS` seconds. Only the start moves: the run's key (and its window, and "late")
 * stays the cron instant, so exactly-once and the shared fetch are unchanged (the fetch cache
 * accepts answers up to a minute old).
 */
export const STAGGER_SLOTS = 10;
export const STAGGER_STEP_MS = 1_000;

export function staggerMs(digestId: string): number {
  // FNV-1a, 32 bits: stable across processes and releases (unlike a random or a Map order).
  let hash = 0x811c9dc5;
  for (let i = 0; i < digestId.length; i++) {
    hash ^= digestId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % STAGGER_SLOTS) * STAGGER_STEP_MS;
}
