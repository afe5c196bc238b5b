import type { DigestRef } from '../messages/digest-modal.js';
import type { DigestListing } from '../messages/digest-subscriptions.js';
import type { Digest } from './digest.js';
import type { DigestSubscription } from './store.js';
import type { CapReached } from './subscription-limits.js';

/**
 * What subscribing, editing and removing a digest (subscribe.ts) are asked and answer, as data:
 * the command words an outcome as a message, the modal as errors next to its fields.
 */

export interface SubscribeRequestOf {
  /** The words after `subscribe`. */
  readonly words: readonly string[];
  readonly userId: string;
  readonly channel: string;
  /** An edit: the subscription this one replaces. */
  readonly replacing?: DigestRef;
}

export type SubscribeOutcome =
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'refused'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'already'; readonly listing: DigestListing }
  | { readonly kind: 'name-taken'; readonly name: string }
  | {
      readonly kind: 'cap';
      readonly cap: 'channel';
      readonly limit: number;
      readonly names: string[];
    }
  | {
      readonly kind: 'cap';
      readonly cap: 'user';
      readonly limit: number;
      readonly own: { channel: string; name: string }[];
    }
  | { readonly kind: 'subscribed'; readonly listing: DigestListing; readonly digest: Digest };

export type RemoveOutcome =
  | { readonly kind: 'refused'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'removed'; readonly subscription: DigestSubscription };

/** Over a cap: which one, and the digests that fill it (the channel's, or the creator's own). */
export function capOutcome(
  cap: CapReached,
  all: readonly DigestSubscription[],
  channel: string,
  createdBy: string,
): SubscribeOutcome {
  return cap.cap === 'channel'
    ? {
        kind: 'cap',
        cap: 'channel',
        limit: cap.limit,
        names: all.filter((s) => s.channel === channel).map((s) => s.name),
      }
    : {
        kind: 'cap',
        cap: 'user',
        limit: cap.limit,
        own: all
          .filter((s) => s.createdBy === createdBy)
          .map((s) => ({ channel: s.channel, name: s.name })),
      };
}
