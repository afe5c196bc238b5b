import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import {
  buildHomeView,
  HOME_FOOTER_BLOCK_ID,
  type HomeView,
  type HomeViewData,
} from '../messages/home-view.js';
import type { Pacer } from './pacer.js';

/**
 * Who has the Home tab open, and keeping what they see current: a tab opened in the last hour
 * is recomputed on every refresh and published again only when what it shows changed (a
 * fingerprint of its blocks, the "last changed" footer left out). Bounded: the most recent
 * `maxUsers` openers are remembered, older ones forgotten first.
 */

export interface HomeRefresherOptions {
  /** What every tab shows now (one load serves every user of a refresh). */
  load(now: number): Promise<HomeViewData>;
  /** The user's zone, for the times clients cannot show in their own. */
  zoneOf(userId: string): Promise<string>;
  publish(userId: string, view: HomeView): Promise<void>;
  /** Whether the user may make, edit and delete rules (an admin); absent: nobody. */
  canChangeRules?(userId: string): Promise<boolean>;
  readonly pacer: Pacer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long after opening the tab a user's view is kept current; default an hour. */
  readonly rememberMs?: number;
  /** Most users remembered; default 1,000. */
  readonly maxUsers?: number;
}

export interface RefreshReport {
  readonly published: number;
  readonly unchanged: number;
  readonly failed: number;
}

export interface HomeRefresher {
  /** The user opened the tab: remembered, and their view published now (ahead of refreshes). */
  opened(userId: string): Promise<void>;
  /** Recomputes every remembered user's view; publishes those that changed. */
  refresh(): Promise<RefreshReport>;
  /** Users whose tab is kept current. */
  readonly watching: number;
}

/** What a view shows, as a hash: its blocks without the footer that names "now". */
export function viewFingerprint(view: HomeView): string {
  const blocks = view.blocks.filter((block) => block.block_id !== HOME_FOOTER_BLOCK_ID);
  return createHash('sha256').update(JSON.stringify(blocks)).digest('hex');
}

interface Watcher {
  openedAt: number;
  /** Of the view last published to this user; null until one was. */
  fingerprint: string | null;
}

export function createHomeRefresher(options: HomeRefresherOptions): HomeRefresher {
  const rememberMs = options.rememberMs ?? 60 * 60_000;
  const maxUsers = options.maxUsers ?? 1_000;
  const watchers = new Map<string, Watcher>();

  function forgetExpired(now: number): void {
    for (const [user, watcher] of watchers) {
      if (now - watcher.openedAt > rememberMs) watchers.delete(user);
    }
  }

  /** Builds the user's view and publishes it when `force` or when it changed. */
  async function publishFor(
    userId: string,
    data: HomeViewData,
    now: number,
    force: boolean,
  ): Promise<'published' | 'unchanged' | 'failed'> {
    const [timeZone, canChangeRules] = await Promise.all([
      options.zoneOf(userId),
      options.canChangeRules?.(userId) ?? false,
    ]);
    const view = buildHomeView(data, { now, timeZone, canChangeRules });
    const fingerprint = viewFingerprint(view);
    const known = watchers.get(userId);
    if (!force && known?.fingerprint === fingerprint) return 'unchanged';
    // Taken before publishing: a refresh running meanwhile (the tab was just opened, or a change
    // was published at once) sees this view on its way and does not publish it a second time.
    const previous = known?.fingerprint ?? null;
    if (known !== undefined) known.fingerprint = fingerprint;
    try {
      await options.pacer.run(() => options.publish(userId, view), { urgent: force });
    } catch (error) {
      options.logger.warn('could not publish the Home tab', { userId, error });
      const current = watchers.get(userId);
      if (current !== undefined && current.fingerprint === fingerprint)
        current.fingerprint = previous; // tried again at the next refresh
      return 'failed';
    }
    const current = watchers.get(userId);
    if (current !== undefined) current.fingerprint = fingerprint;
    return 'published';
  }

  return {
    async opened(userId) {
      const now = options.clock.now();
      const previous = watchers.get(userId);
      watchers.delete(userId); // re-inserted last: the most recent opener is forgotten last
      watchers.set(userId, { openedAt: now, fingerprint: previous?.fingerprint ?? null });
      while (watchers.size > maxUsers) {
        const oldest = watchers.keys().next().value;
        if (oldest === undefined) break;
        watchers.delete(oldest);
      }
      const data = await options.load(now);
      await publishFor(userId, data, now, true);
    },
    async refresh() {
      const now = options.clock.now();
      forgetExpired(now);
      const report = { published: 0, unchanged: 0, failed: 0 };
      if (watchers.size === 0) return report;
      const data = await options.load(now);
      for (const userId of [...watchers.keys()]) {
        report[await publishFor(userId, data, now, false)] += 1;
      }
      return report;
    },
    get watching() {
      return watchers.size;
    },
  };
}
