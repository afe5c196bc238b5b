import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { buildAlertMessage } from '../messages/alert-message.js';
import { buildApiBackNotice, buildApiDownNotice } from '../messages/alert-notices.js';
import {
  buildJoinedReply,
  buildMoreFailuresReply,
  buildReminderReply,
  buildResolvedReply,
} from '../messages/alert-thread.js';
import type { IncidentView } from '../messages/alert-view.js';
import type { SlackMessage } from '../messages/message.js';
import {
  PERMANENT_SLACK_ERRORS,
  type PostOnceMessage,
  type PostOnceResult,
  SlackPostError,
  slackErrorCode,
} from '../slack/post-once.js';
import type { AlertStore, PendingNotification } from './store.js';
import type { AlertNotification } from './types.js';

/**
 * Carries out the outbox: each queued notification becomes a Slack post (through post-once, so a
 * restart never posts it twice) or an edit of the incident's root (idempotent). A notification
 * leaves the outbox when it is done, or when Slack refuses it for good (logged with its rule);
 * a network failure leaves it, and everything after it for the same incident, for the next cycle.
 */

export interface AlertSlack {
  postOnce(key: string, message: PostOnceMessage): Promise<PostOnceResult>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
}

export interface DeliverDeps {
  readonly store: AlertStore;
  readonly slack: AlertSlack;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly executionUrlTemplate: string;
  readonly timezone: string;
}

const PERMANENT_UPDATE_ERRORS = new Set<string>([
  ...PERMANENT_SLACK_ERRORS,
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

type Outcome = 'done' | 'retry';

export async function deliverPending(deps: DeliverDeps): Promise<void> {
  const pending = await deps.store.pendingNotifications();
  const blocked = new Set<string>();
  for (const [index, item] of pending.entries()) {
    const n = item.notification;
    const incident = 'view' in n ? `${n.view.rule}\n${n.view.incidentId}` : `api:${n.key}`;
    if (blocked.has(incident)) continue;
    if (n.kind === 'update' && supersededLater(pending, index, n)) {
      await deps.store.completeNotification(item.id);
      continue;
    }
    const outcome = await deliverOne(item, deps);
    if (outcome === 'done') await deps.store.completeNotification(item.id);
    else blocked.add(incident);
  }
}

/** An edit followed by another edit (or the resolution) of the same incident is not worth making. */
function supersededLater(
  pending: readonly PendingNotification[],
  index: number,
  n: AlertNotification & { view: IncidentView },
): boolean {
  return pending
    .slice(index + 1)
    .some(
      (p) =>
        (p.notification.kind === 'update' || p.notification.kind === 'resolved') &&
        p.notification.view.rule === n.view.rule &&
        p.notification.view.incidentId === n.view.incidentId,
    );
}

async function deliverOne(item: PendingNotification, deps: DeliverDeps): Promise<Outcome> {
  const n = item.notification;
  const log = deps.logger.child({ rule: item.rule ?? undefined, notification: n.key });
  try {
    return await carryOut(n, deps, log);
  } catch (error) {
    const code = error instanceof SlackPostError ? error.code : slackErrorCode(error);
    if (code !== null && PERMANENT_UPDATE_ERRORS.has(code)) {
      log.error('Slack refused an alert notification; dropped', {
        channel: n.channel,
        slackError: code,
      });
      return 'done';
    }
    log.warn('could not deliver an alert notification; will retry', {
      channel: n.channel,
      slackError: code ?? undefined,
      error,
    });
    return 'retry';
  }
}

async function carryOut(n: AlertNotification, deps: DeliverDeps, log: Logger): Promise<Outcome> {
  const now = deps.clock.now();
  const options = { executionUrlTemplate: deps.executionUrlTemplate, timeZone: deps.timezone, now };
  const post = async (key: string, message: SlackMessage, threadTs?: string) =>
    deps.slack.postOnce(key, {
      channel: n.channel,
      text: message.text,
      blocks: message.blocks,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    });
  switch (n.kind) {
    case 'api-down':
      return outcomeOf(
        await post(n.key, buildApiDownNotice(n.since, n.failures, deps.timezone, now)),
      );
    case 'api-up':
      return outcomeOf(await post(n.key, buildApiBackNotice(n.since, now)));
    case 'open': {
      const root = await post(n.key, buildAlertMessage(n.view, options));
      if (root.ts === null) return 'retry';
      const rule = n.view.rule;
      await deps.store.saveIncidentMessage({
        rule,
        incidentId: n.view.incidentId,
        channel: n.channel,
        ts: root.ts,
        view: n.view,
      });
      const more = buildMoreFailuresReply(n.view, deps.executionUrlTemplate, deps.timezone);
      if (more !== null)
        return outcomeOf(await post(n.key.replace(/:root$/, ':more'), more, root.ts));
      return 'done';
    }
    default: {
      const root = await deps.store.loadIncidentMessage(n.view.rule, n.view.incidentId);
      if (root === null) {
        // Its root was never posted (Slack refused it, logged then): nothing to edit or reply to.
        log.debug('no root message for this incident; notification dropped');
        return 'done';
      }
      if (n.kind === 'joined' || n.kind === 'renotify' || n.kind === 'reopened') {
        const reply =
          n.kind === 'renotify'
            ? buildReminderReply(n.view, n.subjects, now)
            : buildJoinedReply(n.view, n.subjects, n.kind === 'reopened');
        return outcomeOf(await post(n.key, reply, root.ts));
      }
      if (n.kind === 'resolved') {
        const reply = await post(n.key, buildResolvedReply(n.view), root.ts);
        if (reply.ts === null) return 'retry';
      }
      // Edits keep who acknowledged or muted, which a button may have set after the engine ran.
      const view: IncidentView = {
        ...n.view,
        acknowledgedBy: n.view.acknowledgedBy ?? root.view.acknowledgedBy,
      };
      await deps.slack.update(root.channel, root.ts, buildAlertMessage(view, options));
      await deps.store.saveIncidentMessage({ ...root, view });
      return 'done';
    }
  }
}

function outcomeOf(result: PostOnceResult): Outcome {
  return result.ts === null ? 'retry' : 'done';
}
