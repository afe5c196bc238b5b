import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { isValidTimeZone } from '../time/zone.js';

/** The part of Slack's Web API client this lookup uses (so tests can pass a plain object). */
export interface UsersInfoClient {
  users: {
    info(args: { user: string }): Promise<{ ok?: boolean; user?: { tz?: string | undefined } }>;
  };
}

export interface UserTimeZoneOptions {
  readonly client: UsersInfoClient;
  readonly fallback: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a user's zone is remembered; people rarely move, so an hour is plenty. */
  readonly ttlMs?: number;
  /** A lookup slower than this falls back to the configured zone rather than delay the reply. */
  readonly timeoutMs?: number;
  readonly maxEntries?: number;
}

export interface UserTimeZones {
  /** The user's Slack time zone, else the configured one; never throws. */
  get(userId: string): Promise<string>;
}

/**
 * Calendar windows ("today", "last-week") are computed in the requesting user's zone, which Slack
 * gives through `users.info`. Cached per user and single-flight, so 200 concurrent commands from one
 * person cost one call; any failure falls back to the configured zone and is logged, never shown.
 */
export function createUserTimeZones(options: UserTimeZoneOptions): UserTimeZones {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { zone: string; expires: number } | Promise<{ zone: string }>>();

  /** A fallback is remembered briefly only, so a passing Slack hiccup does not stick for an hour. */
  const fallbackTtlMs = Math.min(ttlMs, 60_000);

  async function lookUp(userId: string): Promise<{ zone: string; fromSlack: boolean }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`users.info took over ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      const result = await Promise.race([options.client.users.info({ user: userId }), timeout]);
      const zone = result.user?.tz;
      if (zone !== undefined && isValidTimeZone(zone)) return { zone, fromSlack: true };
      return { zone: options.fallback, fromSlack: true };
    } catch (error) {
      options.logger.warn('could not read the user time zone; using the configured one', {
        userId,
        error,
      });
      return { zone: options.fallback, fromSlack: false };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async get(userId) {
      const hit = cache.get(userId);
      if (hit instanceof Promise) return (await hit).zone;
      if (hit !== undefined && hit.expires > options.clock.now()) return hit.zone;
      const pending = lookUp(userId);
      cache.delete(userId);
      cache.set(userId, pending);
      const { zone, fromSlack } = await pending;
      if (cache.size > maxEntries) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(userId, {
        zone,
        expires: options.clock.now() + (fromSlack ? ttlMs : fallbackTtlMs),
      });
      return zone;
    },
  };
}
