import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import type { DigestRef } from '../messages/digest-modal.js';
import type { DigestListing } from '../messages/digest-subscriptions.js';
import type { Permissions } from '../slack/permissions.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import { dayFieldsWarning, nextOccurrence, scheduleWarnings } from './cron.js';
import { type Digest, fromSubscription } from './digest.js';
import type { ScheduledDigest } from './scheduled-digest.js';
import type { DigestStore, DigestSubscription } from './store.js';
import { parseSubscribe } from './subscribe-grammar.js';
import { SUBSCRIPTION_LIMITS, type SubscriptionLimits, sameDigest } from './subscription-limits.js';
import {
  capOutcome,
  type RemoveOutcome,
  type SubscribeOutcome,
  type SubscribeRequestOf,
} from './subscription-outcomes.js';

/**
 * Subscribing a channel to a digest, editing and removing a subscription: the one path that
 * `/exec-stats subscribe | unsubscribe` and the digest modal both take. Who may is asked first
 * (slack/permissions.ts); the store checks names and caps at once; every change is logged with
 * who made it and stored with who and when. The outcome is data: the command words it as a
 * message, the modal as errors next to its fields.
 */

export interface SubscriptionDeps {
  readonly store: DigestStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly userTimeZones: UserTimeZones;
  readonly permissions: Permissions;
  /** Caps on subscriptions per channel and per person (default SUBSCRIPTION_LIMITS). */
  readonly limits?: SubscriptionLimits;
  /** The digests scheduled now (YAML and subscriptions). */
  digests(): readonly ScheduledDigest[];
  /** Starts a new subscription's schedule; false when its cron cannot be used. */
  schedule(digest: Digest): boolean;
  unschedule(id: string): void;
  /** Something the Home tab shows changed, made by `userId`. */
  changed?(userId: string): void;
}

export type {
  RemoveOutcome,
  SubscribeOutcome,
  SubscribeRequestOf,
} from './subscription-outcomes.js';

export interface Subscriptions {
  subscribe(request: SubscribeRequestOf): Promise<SubscribeOutcome>;
  remove(ref: DigestRef, userId: string): Promise<RemoveOutcome>;
  /** A scheduled digest as lists show it. */
  listing(held: ScheduledDigest, description: string, schedule?: string | null): DigestListing;
  /** The digests of a channel, scheduled now. */
  inChannel(channel: string): ScheduledDigest[];
}

export function digestSubscriptions(deps: SubscriptionDeps): Subscriptions {
  const limits = deps.limits ?? SUBSCRIPTION_LIMITS;
  const inChannel = (channel: string) =>
    deps.digests().filter((held) => held.digest.channel === channel);
  const listing = (held: ScheduledDigest, description: string, schedule: string | null = null) => {
    // A cron that tools read differently (both day fields restricted) says so wherever it is listed.
    const warning = dayFieldsWarning(held.schedule);
    return {
      name: held.digest.name,
      origin: held.digest.origin,
      description,
      schedule,
      timeZone: held.schedule.timeZone,
      nextRun: nextOccurrence(held.schedule, deps.clock.now()),
      ...(warning === null ? {} : { notes: [warning] }),
    };
  };
  const find = async (ref: DigestRef) =>
    (await deps.store.listSubscriptions(ref.channel)).find(
      (s) => s.name.toLowerCase() === ref.name.toLowerCase(),
    );

  /** Refused by the permissions: logged with who and why, the text for them. */
  const refused = (
    decision: { readonly reason: string; readonly text: string },
    userId: string,
    channel: string,
  ) => {
    deps.logger.info('digest change refused', { userId, channel, reason: decision.reason });
    return { kind: 'refused' as const, text: decision.text };
  };

  async function subscribe(request: SubscribeRequestOf): Promise<SubscribeOutcome> {
    const { userId, channel, replacing } = request;
    const parsed = parseSubscribe(request.words);
    if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
    const previous = replacing === undefined ? undefined : await find(replacing);
    if (replacing !== undefined) {
      if (previous === undefined) return { kind: 'missing' };
      const mayEdit = await deps.permissions.check(userId, {
        kind: 'change-digest',
        verb: 'edit',
        name: previous.name,
        channel: previous.channel,
        createdBy: previous.createdBy,
      });
      if (!mayEdit.allowed) return refused(mayEdit, userId, previous.channel);
    }
    if (previous === undefined || previous.channel !== channel) {
      const maySubscribe = await deps.permissions.check(userId, {
        kind: 'subscribe-digest',
        channel,
      });
      if (!maySubscribe.allowed) return refused(maySubscribe, userId, channel);
    }
    const wanted = parsed.request;
    const timezone = wanted.timeZone ?? (await deps.userTimeZones.get(userId));
    const shape = { schedule: wanted.schedule, timezone, window: wanted.window };
    const replacedId = previous === undefined ? null : fromSubscription(previous).id;
    // The same digest again (a double submit, or one member repeating it) is already there: two
    // identical digests would post the same message twice at the same moment.
    const alreadyThere = async (): Promise<SubscribeOutcome | null> => {
      const held = inChannel(channel).find(
        (h) => h.digest.id !== replacedId && sameDigest(shape, h.digest),
      );
      if (held === undefined) return null;
      const words = (await deps.store.listSubscriptions(channel)).find(
        (s) => fromSubscription(s).id === held.digest.id,
      )?.description;
      return {
        kind: 'already',
        listing:
          words === undefined
            ? listing(held, `window ${held.digest.window}`, held.digest.schedule)
            : listing(held, words),
      };
    };
    const already = await alreadyThere();
    if (already !== null) return already;
    const nameTaken = inChannel(channel).some(
      (held) => held.digest.name === wanted.name && held.digest.id !== replacedId,
    );
    if (nameTaken) return { kind: 'name-taken', name: wanted.name };
    const now = deps.clock.now();
    const subscription: DigestSubscription = {
      name: wanted.name,
      channel,
      schedule: wanted.schedule,
      timezone,
      window: wanted.window,
      description: wanted.description,
      createdBy: previous?.createdBy ?? userId,
      createdAt: previous?.createdAt ?? now,
      changedBy: userId,
      changedAt: now,
    };
    const stored =
      previous === undefined
        ? await deps.store.addSubscriptionWithin(subscription, limits)
        : await deps.store
            .replaceSubscription(previous, subscription, limits)
            .then((r) => (r.replaced ? { added: true as const } : r));
    if ('reason' in stored && stored.reason === 'missing') return { kind: 'missing' };
    if ('reason' in stored && stored.reason === 'name-taken')
      return (await alreadyThere()) ?? { kind: 'name-taken', name: wanted.name };
    if ('reason' in stored && stored.reason === 'cap') {
      deps.logger.info('digest subscription refused: over a cap', {
        cap: stored.cap.cap,
        limit: stored.cap.limit,
        channel,
        userId,
      });
      const all = await deps.store.listSubscriptions();
      return capOutcome(stored.cap, all, channel, subscription.createdBy);
    }
    if (replacedId !== null) deps.unschedule(replacedId);
    const digest = fromSubscription(subscription);
    deps.schedule(digest);
    const held = deps.digests().find((d) => d.digest.id === digest.id);
    deps.logger.info(previous === undefined ? 'digest subscribed' : 'digest edited', {
      digest: digest.id,
      userId,
      ...(replacedId === null || replacedId === digest.id ? {} : { replaced: replacedId }),
    });
    deps.changed?.(userId);
    const shown: DigestListing =
      held === undefined
        ? {
            name: subscription.name,
            origin: 'slack',
            description: wanted.description,
            schedule: null,
            timeZone: subscription.timezone,
            nextRun: null,
          }
        : {
            ...listing(held, wanted.description),
            // The day-field warning (if any) and the coming year's clock changes that move its
            // run, so nobody is surprised on the day.
            notes: scheduleWarnings(held.schedule, now),
          };
    return { kind: 'subscribed', listing: shown, digest };
  }

  async function remove(ref: DigestRef, userId: string): Promise<RemoveOutcome> {
    const target = await find(ref);
    if (target === undefined) return { kind: 'missing' };
    const decision = await deps.permissions.check(userId, {
      kind: 'change-digest',
      verb: 'delete',
      name: target.name,
      channel: target.channel,
      createdBy: target.createdBy,
    });
    if (!decision.allowed) return refused(decision, userId, target.channel);
    const at = deps.clock.now();
    if (!(await deps.store.removeSubscription(target.channel, target.name, { by: userId, at })))
      return { kind: 'missing' };
    const id = fromSubscription(target).id;
    deps.unschedule(id);
    deps.logger.info('digest unsubscribed', { digest: id, userId, createdBy: target.createdBy });
    deps.changed?.(userId);
    return { kind: 'removed', subscription: target };
  }

  return { subscribe, remove, listing, inChannel };
}
