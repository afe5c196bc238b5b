import type { DigestConfig } from '../config/config.js';
import type { DigestSubscription } from './store.js';

/**
 * A digest the bot posts: from the YAML file, or subscribed from Slack (stored in the state DB).
 * Both have the same shape so that scheduling, runs and messages never care where one came from.
 */
export interface Digest extends DigestConfig {
  readonly origin: 'config' | 'slack';
  /**
   * Unique among all digests; names runs and posts. A YAML digest's name (unique in the file); a
   * subscription's channel and name, as subscription names are unique per channel only.
   */
  readonly id: string;
  /** A subscription's creation time: no run before it was ever due (Unix ms). */
  readonly since?: number;
}

export const fromConfig = (digest: DigestConfig): Digest => ({
  ...digest,
  origin: 'config',
  id: digest.name,
});

export const fromSubscription = (s: DigestSubscription): Digest => ({
  name: s.name,
  channel: s.channel,
  schedule: s.schedule,
  timezone: s.timezone,
  window: s.window,
  origin: 'slack',
  id: `${s.channel}/${s.name}`,
  since: s.createdAt,
});
