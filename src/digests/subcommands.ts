import type { Clock } from '../clock.js';
import type { CommandDeclaration, SubcommandHandler } from '../features/feature.js';
import type { Logger } from '../logging/logger.js';
import {
  buildAlreadySubscribedMessage,
  buildDigestNotice,
  buildSubscribedMessage,
  buildSubscriptionCapMessage,
  buildSubscriptionsList,
  buildUnsubscribedMessage,
  type DigestListing,
} from '../messages/digest-subscriptions.js';
import { buildInvalidInputMessage } from '../messages/error-messages.js';
import { usageBlockText } from '../messages/help.js';
import { shownValue } from '../messages/mrkdwn.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import { dayFieldsWarning, nextOccurrence, scheduleWarnings } from './cron.js';
import { type Digest, fromSubscription } from './digest.js';
import type { ScheduledDigest } from './scheduled-digest.js';
import type { DigestStore, DigestSubscription } from './store.js';
import { parseSubscribe, SUBSCRIBE_USAGE } from './subscribe-grammar.js';
import { SUBSCRIPTION_LIMITS, type SubscriptionLimits, sameDigest } from './subscription-limits.js';

/** The digests' part of `/exec-stats`: subscriptions of the channel the command is typed in. */
export const DIGEST_COMMANDS: CommandDeclaration = {
  feature: 'digests',
  subcommands: ['subscribe', 'unsubscribe', 'subscriptions'],
  help: [
    '*Digests in this channel* (add `tz:Europe/Berlin` for a zone other than yours):',
    '• `/exec-stats subscribe daily 09:00 [WINDOW]`',
    '• `/exec-stats subscribe weekdays 09:00 [WINDOW]`',
    '• `/exec-stats subscribe weekly mon 09:00 [WINDOW]`',
    '• `/exec-stats subscriptions` lists them; `/exec-stats unsubscribe [NAME]` removes one',
  ],
};

/**
 * Under a subscribe mistake: the reason names the word and what is expected; this adds a form to
 * copy and where every form is, instead of the whole usage (a wall of text on a phone).
 */
const SUBSCRIBE_HINT =
  'For example `/exec-stats subscribe weekdays 09:00`; `/exec-stats subscribe` alone lists every form.';

export interface DigestSubcommandDeps {
  readonly store: DigestStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly userTimeZones: UserTimeZones;
  /** Caps on subscriptions per channel and per person (default SUBSCRIPTION_LIMITS). */
  readonly limits?: SubscriptionLimits;
  /** The digests scheduled now (YAML and subscriptions). */
  digests(): readonly ScheduledDigest[];
  /** Starts a new subscription's schedule; false when its cron cannot be used. */
  schedule(digest: Digest): boolean;
  unschedule(id: string): void;
}

/** `/exec-stats subscribe | unsubscribe | subscriptions`, for the channel they are typed in. */
export function digestSubcommands(deps: DigestSubcommandDeps): {
  subscribe: SubcommandHandler;
  unsubscribe: SubcommandHandler;
  subscriptions: SubcommandHandler;
} {
  const inChannel = (channelId: string) =>
    deps.digests().filter((held) => held.digest.channel === channelId);
  const listing = (
    held: ScheduledDigest,
    description: string,
    schedule: string | null = null,
  ): DigestListing => {
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

  return {
    async subscribe({ args, userId, channelId, respond }) {
      // `subscribe` alone is a question, not a mistake: it gets every form.
      if (args.length === 0) return respond(buildDigestNotice(usageBlockText(SUBSCRIBE_USAGE)));
      const parsed = parseSubscribe(args);
      if (!parsed.ok) return respond(buildInvalidInputMessage(parsed.reason, SUBSCRIBE_HINT));
      const request = parsed.request;
      const timezone = request.timeZone ?? (await deps.userTimeZones.get(userId));
      const wanted = { schedule: request.schedule, timezone, window: request.window };
      // The same digest again (a double submit, or one member repeating it) is already there:
      // two identical digests would post the same message twice at the same moment.
      const alreadyThere = async () => {
        const held = inChannel(channelId).find((h) => sameDigest(wanted, h.digest));
        if (held === undefined) return false;
        const words = (await deps.store.listSubscriptions(channelId)).find(
          (s) => fromSubscription(s).id === held.digest.id,
        )?.description;
        const item =
          words === undefined
            ? listing(held, `window ${held.digest.window}`, held.digest.schedule)
            : listing(held, words);
        await respond(buildAlreadySubscribedMessage(item, deps.clock.now()));
        return true;
      };
      if (await alreadyThere()) return;
      const nameTaken = () =>
        respond(
          buildDigestNotice(
            `This channel already has a digest named *${shownValue(request.name, 80)}*. Remove it first with \`/exec-stats unsubscribe ${shownValue(request.name, 80)}\`.`,
          ),
        );
      if (inChannel(channelId).some((held) => held.digest.name === request.name)) {
        return nameTaken();
      }
      const subscription: DigestSubscription = {
        name: request.name,
        channel: channelId,
        schedule: request.schedule,
        timezone,
        window: request.window,
        description: request.description,
        createdBy: userId,
        createdAt: deps.clock.now(),
      };
      const added = await deps.store.addSubscriptionWithin(
        subscription,
        deps.limits ?? SUBSCRIPTION_LIMITS,
      );
      if (!added.added && added.reason === 'name-taken') {
        // Another command added it a moment ago: maybe this very digest.
        return (await alreadyThere()) ? undefined : nameTaken();
      }
      if (!added.added && added.reason === 'cap') {
        const all = await deps.store.listSubscriptions();
        deps.logger.info('digest subscription refused: over a cap', {
          cap: added.cap.cap,
          limit: added.cap.limit,
          channel: channelId,
          userId,
        });
        return respond(
          buildSubscriptionCapMessage(
            added.cap.cap === 'channel'
              ? {
                  cap: 'channel',
                  limit: added.cap.limit,
                  names: all.filter((s) => s.channel === channelId).map((s) => s.name),
                }
              : {
                  cap: 'user',
                  limit: added.cap.limit,
                  own: all
                    .filter((s) => s.createdBy === userId)
                    .map((s) => ({ channel: s.channel, name: s.name })),
                },
          ),
        );
      }
      const digest = fromSubscription(subscription);
      deps.schedule(digest);
      const held = deps.digests().find((d) => d.digest.id === digest.id);
      deps.logger.info('digest subscribed', { digest: digest.id, userId });
      const item: DigestListing =
        held === undefined
          ? {
              name: subscription.name,
              origin: 'slack',
              description: request.description,
              schedule: null,
              timeZone: subscription.timezone,
              nextRun: null,
            }
          : {
              ...listing(held, request.description),
              // The new digest's day-field warning (if any) and the coming year's clock changes
              // that move its run, so nobody is surprised on the day.
              notes: scheduleWarnings(held.schedule, deps.clock.now()),
            };
      await respond(buildSubscribedMessage({ ...item, userId }, deps.clock.now()), {
        inChannel: true,
      });
    },

    async unsubscribe({ args, userId, channelId, respond }) {
      if (args.length > 1) {
        return respond(buildDigestNotice('Name one digest: `/exec-stats unsubscribe NAME`.'));
      }
      const subscriptions = await deps.store.listSubscriptions(channelId);
      const fromConfig = inChannel(channelId).filter((held) => held.digest.origin === 'config');
      const wanted = args[0];
      const names = subscriptions.map((s) => `\`${shownValue(s.name, 80)}\``).join(', ');
      if (wanted === undefined && subscriptions.length !== 1) {
        return respond(
          buildDigestNotice(
            subscriptions.length === 0
              ? `This channel has no digests subscribed from Slack${fromConfig.length > 0 ? '; its other digests come from the config file and cannot be removed from Slack' : ''}.`
              : `This channel has ${subscriptions.length} digests: ${names}. Say which: \`/exec-stats unsubscribe NAME\`.`,
          ),
        );
      }
      const name = wanted ?? subscriptions[0]?.name ?? '';
      const target = subscriptions.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (target === undefined) {
        const configured = fromConfig.some(
          (h) => h.digest.name.toLowerCase() === name.toLowerCase(),
        );
        return respond(
          buildDigestNotice(
            configured
              ? `*${shownValue(name, 80)}* comes from the bot's config file and cannot be removed from Slack: ask whoever runs the bot to take it out of the file.`
              : `This channel has no digest named *${shownValue(name, 80)}*.${subscriptions.length > 0 ? ` Its digests: ${names}.` : ''} See \`/exec-stats subscriptions\`.`,
          ),
        );
      }
      await deps.store.removeSubscription(channelId, target.name);
      deps.unschedule(fromSubscription(target).id);
      deps.logger.info('digest unsubscribed', { digest: fromSubscription(target).id, userId });
      await respond(buildUnsubscribedMessage(target.name, userId), { inChannel: true });
    },

    async subscriptions({ channelId, respond }) {
      const subscriptions = await deps.store.listSubscriptions(channelId);
      const described = new Map(subscriptions.map((s) => [fromSubscription(s).id, s.description]));
      // A subscription is described in words; a YAML digest shows its cron exactly, to copy back.
      const items = inChannel(channelId).map((held) => {
        const words = described.get(held.digest.id);
        return words === undefined
          ? listing(held, `window ${held.digest.window}`, held.digest.schedule)
          : listing(held, words);
      });
      await respond(buildSubscriptionsList(items, deps.clock.now()));
    },
  };
}
