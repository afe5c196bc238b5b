import type { CapReached, SubscriptionLimits } from './subscription-limits.js';

/**
 * What digests keep between restarts. Async so that a networked store (Redis, Postgres) can
 * replace the SQLite one (src/state/sqlite-digest-store.ts) behind the same interface.
 */

/** A digest added with `/exec-stats subscribe`. */
export interface DigestSubscription {
  readonly name: string;
  readonly channel: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly window: string;
  /** How the user said it, e.g. "weekdays 09:00": shown by `subscriptions`. */
  readonly description: string;
  readonly createdBy: string;
  readonly createdAt: number;
  /** Who changed it last (a user ID) and when; its creator when it was made. Stores always say. */
  readonly changedBy?: string;
  readonly changedAt?: number;
}

/** Who made a change, and when (Unix ms): kept with the subscription and in the change log. */
export interface SubscriptionChange {
  readonly by: string;
  readonly at: number;
}

/** One line of the change log: what was done to which subscription, by whom, when. */
export interface LoggedSubscriptionChange extends SubscriptionChange {
  readonly channel: string;
  readonly name: string;
  readonly action: 'created' | 'updated' | 'deleted';
}

/** What `replaceSubscription` did: replaced, or why not. */
export type ReplaceSubscriptionOutcome =
  | { readonly replaced: true }
  | { readonly replaced: false; readonly reason: 'missing' | 'name-taken' }
  | { readonly replaced: false; readonly reason: 'cap'; readonly cap: CapReached };

/** A run is one digest at one scheduled instant: the unit of "exactly once". */
export interface RunKey {
  readonly digest: string;
  readonly scheduledAt: number;
}

/**
 * - `claimed`: this process owns the run now;
 * - `resumed`: a previous process claimed it and never finished (it stopped or crashed): this
 *   process owns it now, and the post ledger decides whether the post already happened;
 * - `busy`: another run of the same key is under way in this process (an overlapping tick);
 * - `done`: finished before (posted, or retried once after a stats failure).
 */
export type ClaimOutcome = 'claimed' | 'resumed' | 'busy' | 'done';

export interface RunResult {
  /** What happened, for logs and for `subscriptions` ("posted", "unavailable", "slack-error"…). */
  readonly outcome: string;
  readonly channel: string;
  readonly messageTs: string | null;
  /** Set when the run posted "stats unavailable" and will be retried then (Unix ms). */
  readonly retryAt: number | null;
}

export interface PendingRetry extends RunKey {
  readonly channel: string;
  readonly messageTs: string | null;
  readonly retryAt: number;
}

/** What `addSubscriptionWithin` did: added, or why not. */
export type AddSubscriptionOutcome =
  | { readonly added: true }
  | { readonly added: false; readonly reason: 'name-taken' }
  | { readonly added: false; readonly reason: 'cap'; readonly cap: CapReached };

export interface DigestStore {
  listSubscriptions(channel?: string): Promise<DigestSubscription[]>;
  /** False when a subscription with that name exists already. */
  addSubscription(subscription: DigestSubscription): Promise<boolean>;
  /**
   * Adds a subscription unless its name is taken in the channel or it would go over a cap (the
   * channel's subscriptions, or its creator's across channels): checked and added at once, so
   * two commands at the same moment cannot both pass a cap.
   */
  addSubscriptionWithin(
    subscription: DigestSubscription,
    limits: SubscriptionLimits,
  ): Promise<AddSubscriptionOutcome>;
  /**
   * False when the channel has no subscription with that name. `change` says who removed it, for
   * the change log (none: a removal nobody made, e.g. a test's clean-up).
   */
  removeSubscription(channel: string, name: string, change?: SubscriptionChange): Promise<boolean>;
  /**
   * An edit: the subscription `previous` is replaced by `next` (which may move it to another
   * channel or rename it; `next.changedBy`/`changedAt` say who and when), at once and within the
   * limits, counted as if `previous` were gone. Its creator and creation time are kept.
   */
  replaceSubscription(
    previous: { readonly channel: string; readonly name: string },
    next: DigestSubscription,
    limits: SubscriptionLimits,
  ): Promise<ReplaceSubscriptionOutcome>;
  /** The change log of a channel's subscriptions, newest first (at most `limit`). */
  subscriptionChanges(channel: string, limit?: number): Promise<LoggedSubscriptionChange[]>;
  /**
   * When this digest (with this schedule and zone) was first seen, recording `now` the first
   * time or when its schedule changed: runs before that were never due, so never "missed".
   */
  firstSeen(digest: string, schedule: string, timezone: string, now: number): Promise<number>;
  /** The latest scheduled instant this digest has a run for (any state), or null. */
  lastRunAt(digest: string): Promise<number | null>;
  claimRun(run: RunKey, owner: string, now: number): Promise<ClaimOutcome>;
  /** Marks a claimed run done, or waiting for its retry when `result.retryAt` is set. */
  finishRun(run: RunKey, result: RunResult, now: number): Promise<void>;
  /** Runs waiting for their one retry. */
  pendingRetries(): Promise<PendingRetry[]>;
  /** Ends a retry (whatever it gave): true for the caller that ended it, false if already ended. */
  finishRetry(run: RunKey, outcome: string, now: number): Promise<boolean>;
  /** Lets another claim take an unfinished run at once (used when a run gives up cleanly). */
  releaseRun(run: RunKey, owner: string): Promise<void>;
  /**
   * Runs scheduled at or after `since` that are still `claimed` by an owner no process holds any
   * more (its replica stopped, crashed or was killed): for a live replica to finish through
   * `claimRun` (which answers `resumed`) and the post ledger. Never a run of a live owner, this
   * process's included. SQLite: none (one process per file; a restart's catch-up resumes them).
   */
  orphanedRuns(since: number): Promise<RunKey[]>;
}

/** The subscription half of a digest store: each backend keeps it in a file of its own. */
export type DigestSubscriptionMethods = Pick<
  DigestStore,
  | 'listSubscriptions'
  | 'addSubscription'
  | 'addSubscriptionWithin'
  | 'removeSubscription'
  | 'replaceSubscription'
  | 'subscriptionChanges'
>;
