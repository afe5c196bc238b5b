import type { App, BlockButtonAction, webApi } from '@slack/bolt';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import type { Logger } from '../logging/logger.js';
import {
  buildDigestModal,
  DIGEST_ACTION_IDS,
  DIGEST_FIELDS,
  DIGEST_MODAL_CALLBACK_ID,
  decodeDigestModalMetadata,
  decodeDigestRef,
  newDigestFields,
} from '../messages/digest-modal.js';
import { buildSubscribedMessage } from '../messages/digest-subscriptions.js';
import { shownValue } from '../messages/mrkdwn.js';
import { buildNoticeModal } from '../messages/notice-modal.js';
import type { Permissions } from '../slack/permissions.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import {
  fieldsOfSubscription,
  readDigestSubmission,
  type StateValues,
} from './digest-modal-submission.js';
import type { DigestStore } from './store.js';
import type { SubscribeOutcome, Subscriptions } from './subscribe.js';

/**
 * The digest modal's listeners: the Home tab's New digest, Edit and Delete buttons, and the
 * form's submission. Opening answers the trigger_id at once (Slack gives 3 s); a refusal ("Only …
 * can …") is shown in a small modal, since a Home tab button has no channel to answer in. The
 * submission is checked, then subscribed through the command's own path (subscribe.ts); a problem
 * is returned next to its field (`response_action: errors`), success closes the modal and the
 * channel is told, as after `/exec-stats subscribe`.
 */

export interface DigestModalDeps {
  readonly client: webApi.WebClient;
  readonly store: DigestStore;
  readonly subscriptions: Subscriptions;
  readonly permissions: Permissions;
  readonly userTimeZones: UserTimeZones;
  readonly inFlight: InFlightWork;
  readonly logger: Logger;
  now(): number;
}

/** Opens the form for a new digest (`/exec-stats subscribe` alone, or the Home tab). */
export async function openNewDigestModal(
  deps: DigestModalDeps,
  triggerId: string,
  userId: string,
  channel: string | null,
): Promise<boolean> {
  const zone = await deps.userTimeZones.get(userId);
  try {
    await deps.client.views.open({
      trigger_id: triggerId,
      view: buildDigestModal(newDigestFields(channel, zone), { mode: 'create' }, zone),
    });
    return true;
  } catch (error) {
    deps.logger.warn('could not open the digest modal', { userId, error });
    return false;
  }
}

export function registerDigestModal(app: App, deps: DigestModalDeps): void {
  const notice = async (triggerId: string, title: string, text: string) => {
    try {
      await deps.client.views.open({ trigger_id: triggerId, view: buildNoticeModal(title, text) });
    } catch (error) {
      deps.logger.warn('could not show a notice modal', { error });
    }
  };

  // Someone just joined a channel: who is in it is asked of Slack again, so they may subscribe it at
  // once rather than after the minute the members are remembered.
  app.event('member_joined_channel', async ({ event }) => {
    deps.permissions.forgetChannel(event.channel);
  });

  app.action<BlockButtonAction>(DIGEST_ACTION_IDS.create, async ({ body, ack }) => {
    await ack();
    await openNewDigestModal(deps, body.trigger_id, body.user.id, null);
  });

  app.action<BlockButtonAction>(DIGEST_ACTION_IDS.edit, async ({ action, body, ack }) => {
    await ack();
    const ref = decodeDigestRef(action.value);
    const target =
      ref === null
        ? undefined
        : (await deps.store.listSubscriptions(ref.channel)).find((s) => s.name === ref.name);
    if (target === undefined) {
      return notice(body.trigger_id, 'Digest gone', 'That digest is no longer there.');
    }
    const decision = await deps.permissions.check(body.user.id, {
      kind: 'change-digest',
      verb: 'edit',
      name: target.name,
      channel: target.channel,
      createdBy: target.createdBy,
    });
    if (!decision.allowed) return notice(body.trigger_id, 'Not allowed', decision.text);
    const zone = await deps.userTimeZones.get(body.user.id);
    try {
      await deps.client.views.open({
        trigger_id: body.trigger_id,
        view: buildDigestModal(
          fieldsOfSubscription(target),
          { mode: 'edit', channel: target.channel, name: target.name },
          zone,
        ),
      });
    } catch (error) {
      deps.logger.warn('could not open the digest modal', { userId: body.user.id, error });
    }
  });

  app.action<BlockButtonAction>(DIGEST_ACTION_IDS.remove, async ({ action, body, ack }) => {
    await ack();
    const ref = decodeDigestRef(action.value);
    if (ref === null) return;
    const removed = await deps.subscriptions.remove(ref, body.user.id);
    if (removed.kind === 'refused') await notice(body.trigger_id, 'Not allowed', removed.text);
    if (removed.kind === 'missing')
      await notice(body.trigger_id, 'Digest gone', 'That digest is no longer there.');
  });

  app.view(DIGEST_MODAL_CALLBACK_ID, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const meta = decodeDigestModalMetadata(view.private_metadata);
    const read = readDigestSubmission(view.state.values as StateValues);
    if (meta === null || !read.ok) {
      await ack({
        response_action: 'errors',
        errors: read.ok ? { [DIGEST_FIELDS.channel.block]: 'Open the form again.' } : read.errors,
      });
      return;
    }
    const outcome = await deps.subscriptions.subscribe({
      words: read.words,
      userId,
      channel: read.channel,
      ...(meta.mode === 'edit' ? { replacing: { channel: meta.channel, name: meta.name } } : {}),
    });
    if (outcome.kind !== 'subscribed') {
      await ack({ response_action: 'errors', errors: fieldErrors(outcome) });
      return;
    }
    await ack(); // closes the modal
    deps.inFlight.run(
      async () => {
        const message = buildSubscribedMessage({ ...outcome.listing, userId }, deps.now());
        await deps.client.chat.postMessage({ channel: read.channel, ...message });
      },
      (error) =>
        deps.logger.warn('subscribed, but could not say so in the channel', {
          channel: read.channel,
          error,
        }),
    );
  });
}

/** Why a submission was not saved, next to the field to change. */
export function fieldErrors(
  outcome: Exclude<SubscribeOutcome, { kind: 'subscribed' }>,
): Record<string, string> {
  switch (outcome.kind) {
    case 'invalid':
      return { [DIGEST_FIELDS.time.block]: outcome.reason.replaceAll('`', '') };
    case 'refused':
      return { [DIGEST_FIELDS.channel.block]: plain(outcome.text) };
    case 'missing':
      return {
        [DIGEST_FIELDS.channel.block]:
          'The digest being edited is gone; close this and look again.',
      };
    case 'already':
      return {
        [DIGEST_FIELDS.cadence.block]:
          `This channel already gets this digest (${outcome.listing.name}): change the schedule, zone or window.`,
      };
    case 'name-taken':
      return {
        [DIGEST_FIELDS.time.block]:
          `This channel already has a digest named ${shownValue(outcome.name, 80)}: pick another time or window.`,
      };
    case 'cap':
      return {
        [DIGEST_FIELDS.channel.block]:
          outcome.cap === 'channel'
            ? `This channel has ${outcome.limit} digests already, the most it may have. Remove one first.`
            : `You made ${outcome.limit} digests already, the most one person may. Remove one first.`,
      };
  }
}

/** Modal errors are plain text: mentions and markup shown as words. */
function plain(text: string): string {
  return text
    .replace(/<#([A-Z0-9]+)>/g, 'that channel')
    .replace(/<@([A-Z0-9]+)>/g, '$1')
    .replace(/<!subteam\^([A-Z0-9]+)>/g, '$1')
    .replaceAll('*', '')
    .replaceAll('`', '')
    .slice(0, 300);
}
