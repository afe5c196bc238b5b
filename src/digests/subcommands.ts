import type { CommandDeclaration, SubcommandHandler } from '../features/feature.js';
import {
  buildAlreadySubscribedMessage,
  buildDigestNotice,
  buildSubscribedMessage,
  buildSubscriptionCapMessage,
  buildSubscriptionsList,
  buildUnsubscribedMessage,
} from '../messages/digest-subscriptions.js';
import { buildInvalidInputMessage } from '../messages/error-messages.js';
import { usageBlockText } from '../messages/help.js';
import { shownValue } from '../messages/mrkdwn.js';
import { fromSubscription } from './digest.js';
import { digestSubscriptions, type SubscriptionDeps } from './subscribe.js';
import { SUBSCRIBE_USAGE } from './subscribe-grammar.js';

/** The digests' part of `/exec-stats`: subscriptions of the channel the command is typed in. */
export const DIGEST_COMMANDS: CommandDeclaration = {
  feature: 'digests',
  subcommands: ['subscribe', 'unsubscribe', 'subscriptions'],
  help: [
    '*Digests in this channel* (add `tz:Europe/Berlin` for a zone other than yours; `/exec-stats subscribe` alone opens a form):',
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

export interface DigestSubcommandDeps extends SubscriptionDeps {
  /** Opens the digest modal for `/exec-stats subscribe` alone; false when it could not. */
  openModal?(triggerId: string, userId: string, channelId: string): Promise<boolean>;
}

/** `/exec-stats subscribe | unsubscribe | subscriptions`, for the channel they are typed in. */
export function digestSubcommands(deps: DigestSubcommandDeps): {
  subscribe: SubcommandHandler;
  unsubscribe: SubcommandHandler;
  subscriptions: SubcommandHandler;
} {
  const subscriptions = digestSubscriptions(deps);
  const { inChannel, listing } = subscriptions;

  return {
    async subscribe({ args, userId, channelId, triggerId, respond }) {
      // `subscribe` alone is a question, not a mistake: the form, or (without one) every form.
      if (args.length === 0) {
        const opened =
          triggerId !== undefined &&
          deps.openModal !== undefined &&
          (await deps.openModal(triggerId, userId, channelId));
        if (!opened) await respond(buildDigestNotice(usageBlockText(SUBSCRIBE_USAGE)));
        return;
      }
      const outcome = await subscriptions.subscribe({ words: args, userId, channel: channelId });
      const now = deps.clock.now();
      switch (outcome.kind) {
        case 'invalid':
          return respond(buildInvalidInputMessage(outcome.reason, SUBSCRIBE_HINT));
        case 'refused':
          return respond(buildDigestNotice(outcome.text));
        case 'missing':
          return respond(
            buildDigestNotice('That digest is gone: see `/exec-stats subscriptions`.'),
          );
        case 'already':
          return respond(buildAlreadySubscribedMessage(outcome.listing, now));
        case 'name-taken':
          return respond(
            buildDigestNotice(
              `This channel already has a digest named *${shownValue(outcome.name, 80)}*. Remove it first with \`/exec-stats unsubscribe ${shownValue(outcome.name, 80)}\`.`,
            ),
          );
        case 'cap':
          return respond(
            buildSubscriptionCapMessage(
              outcome.cap === 'channel'
                ? { cap: 'channel', limit: outcome.limit, names: outcome.names }
                : { cap: 'user', limit: outcome.limit, own: outcome.own },
            ),
          );
        case 'subscribed':
          return respond(buildSubscribedMessage({ ...outcome.listing, userId }, now), {
            inChannel: true,
          });
      }
    },

    async unsubscribe({ args, userId, channelId, respond }) {
      if (args.length > 1) {
        return respond(buildDigestNotice('Name one digest: `/exec-stats unsubscribe NAME`.'));
      }
      const stored = await deps.store.listSubscriptions(channelId);
      const fromConfig = inChannel(channelId).filter((held) => held.digest.origin === 'config');
      const wanted = args[0];
      const names = stored.map((s) => `\`${shownValue(s.name, 80)}\``).join(', ');
      if (wanted === undefined && stored.length !== 1) {
        return respond(
          buildDigestNotice(
            stored.length === 0
              ? `This channel has no digests subscribed from Slack${fromConfig.length > 0 ? '; its other digests come from the config file and cannot be removed from Slack' : ''}.`
              : `This channel has ${stored.length} digests: ${names}. Say which: \`/exec-stats unsubscribe NAME\`.`,
          ),
        );
      }
      const name = wanted ?? stored[0]?.name ?? '';
      const removed = await subscriptions.remove({ channel: channelId, name }, userId);
      if (removed.kind === 'refused') return respond(buildDigestNotice(removed.text));
      if (removed.kind === 'missing') {
        const configured = fromConfig.some(
          (h) => h.digest.name.toLowerCase() === name.toLowerCase(),
        );
        return respond(
          buildDigestNotice(
            configured
              ? `*${shownValue(name, 80)}* comes from the bot's config file and cannot be removed from Slack: ask whoever runs the bot to take it out of the file.`
              : `This channel has no digest named *${shownValue(name, 80)}*.${stored.length > 0 ? ` Its digests: ${names}.` : ''} See \`/exec-stats subscriptions\`.`,
          ),
        );
      }
      await respond(buildUnsubscribedMessage(removed.subscription.name, userId), {
        inChannel: true,
      });
    },

    async subscriptions({ channelId, respond }) {
      const stored = await deps.store.listSubscriptions(channelId);
      const described = new Map(stored.map((s) => [fromSubscription(s).id, s.description]));
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
