import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { buildApiBackNotice, buildApiDownNotice } from '../messages/alert-notices.js';
import {
  buildJoinedReply,
  buildMoreFailuresReply,
  buildReminderReply,
  buildResolvedReply,
} from '../messages/alert-thread.js';
import type { IncidentView } from '../messages/alert-view.js';
import type { SlackMessage } from '../messages/message.js';
import type { PostOnceMessage, PostOnceResult } from '../slack/post-once.js';
import {
  classifySlackFailure,
  SlackPostError,
  SlackRetryLaterError,
} from '../slack/slack-failure.js';
import { type AlertCharts, rootMessage, sendRoot } from './root-message.js';
import type { AlertStore, PendingNotification } from './store.js';
import type { AlertNotification } from './types.js';

/**
 * One pass over the outbox: each queued notification becomes a Slack post (through post-once, so
 * neither a restart nor an unclear answer from Slack posts it twice) or an edit of the incident's
 * root (idempotent). Per notification:
 *
 * - delivered: it leaves the outbox;
 * - no clear answer, a 5xx, a 429: it stays, and so does everything after it for the same
 *   incident (order matters in a thread); the pass reports it so the worker tries again with
 *   backoff (Slack's Retry-After when it gave one);
 * - refused for a reason a person can fix (bot not in the channel, token revoked): it stays,
 *   held, shown by `/exec-stats alerts`, and is tried again after each cycle and when the bot
 *   joins a channel; an incident whose root is held is announced late with its current figures;
 * - refused for a reason no one can fix by waiting (a message Slack says is invalid, an edit
 *   window closed): logged with its rule and dropped.
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
  /** Charts on incident roots (see rootMessage); none when charts are off. */
  readonly alertCharts?: AlertCharts;
}

/** Refusals a person can fix (invite the bot, reinstall the app): the notification is held. */
const HOLD_CODES: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'team_access_not_granted',
]);

type Outcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly retryAfterMs: number | null }
  | { readonly kind: 'hold'; readonly reason: string };

const DONE: Outcome = { kind: 'done' };
const RETRY: Outcome = { kind: 'retry', retryAfterMs: null };

export interface DeliveryPass {
  readonly delivered: number;
  /** Notifications to try again soon (unclear answer, 5xx, 429). */
  readonly retrying: number;
  /** The longest wait Slack asked for in a 429 during the pass, if any. */
  readonly retryAfterMs: number | null;
  /** Notifications held (refused until a person acts). */
  readonly held: number;
}

export interface PassOptions {
  /** Try held notifications too (after a cycle, or when the bot joined a channel). */
  readonly retryHeld: boolean;
}

export async function deliverPending(
  deps: DeliverDeps,
  options: PassOptions = { retryHeld: true },
): Promise<DeliveryPass> {
  const pending = await deps.store.pendingNotifications();
  const waiting = new Set<string>(); // incidents with an undelivered notification this pass
  let delivered = 0;
  let retrying = 0;
  let held = 0;
  let retryAfterMs: number | null = null;
  for (const [index, item] of pending.entries()) {
    const n = item.notification;
    const incident = incidentOf(n);
    if (waiting.has(incident)) continue;
    if (item.held !== null && !options.retryHeld) {
      waiting.add(incident);
      held += 1;
      continue;
    }
    if (n.kind === 'update' && supersededLater(pending, index, n)) {
      await deps.store.completeNotification(item.id);
      continue;
    }
    const outcome = await deliverOne(item, pending.slice(index + 1), deps);
    switch (outcome.kind) {
      case 'done':
        await deps.store.completeNotification(item.id);
        delivered += 1;
        if (item.held !== null)
          deps.logger.info('a held alert notification was delivered', {
            rule: item.rule ?? undefined,
            notification: n.key,
            channel: n.channel,
            heldFor: deps.clock.now() - item.held.since,
          });
        break;
      case 'retry':
        waiting.add(incident);
        retrying += 1;
        if (outcome.retryAfterMs !== null)
          retryAfterMs = Math.max(retryAfterMs ?? 0, outcome.retryAfterMs);
        break;
      case 'hold':
        waiting.add(incident);
        held += 1;
        if (item.held === null) {
          deps.logger.error(holdMessage(outcome.reason, n.channel), {
            rule: item.rule ?? undefined,
            notification: n.key,
            channel: n.channel,
            slackError: outcome.reason,
          });
          await deps.store.holdNotification(item.id, outcome.reason, deps.clock.now());
        }
        break;
    }
  }
  return { delivered, retrying, retryAfterMs, held };
}

/** The operator's line for a held notification: what to do, not only what happened. */
export function holdMessage(reason: string, channel: string): string {
  return reason === 'not_in_channel' || reason === 'channel_not_found'
    ? `alert not posted: invite the bot to channel ${channel} (/invite @exec-stats); it is posted once the bot is there`
    : `alert not posted: Slack refused it (${reason}); it is tried again after each cycle`;
}

const incidentOf = (n: AlertNotification): string =>
  'view' in n ? `${n.view.rule}\n${n.view.incidentId}` : `api:${n.key}`;

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

async function deliverOne(
  item: PendingNotification,
  later: readonly PendingNotification[],
  deps: DeliverDeps,
): Promise<Outcome> {
  const n = item.notification;
  const log = deps.logger.child({ rule: item.rule ?? undefined, notification: n.key });
  try {
    return await carryOut(n, later, deps, log);
  } catch (error) {
    const failure =
      error instanceof SlackPostError
        ? ({ kind: 'permanent', code: error.code } as const)
        : error instanceof SlackRetryLaterError
          ? error.failure
          : classifySlackFailure(error);
    if (failure.kind === 'permanent') {
      if (HOLD_CODES.has(failure.code)) return { kind: 'hold', reason: failure.code };
      log.error('Slack refused an alert notification; dropped', {
        channel: n.channel,
        slackError: failure.code,
      });
      return DONE;
    }
    log.warn('could not deliver an alert notification; will retry', {
      channel: n.channel,
      reason: failure.kind === 'rate-limited' ? 'rate-limited' : failure.detail,
    });
    return {
      kind: 'retry',
      retryAfterMs: failure.kind === 'rate-limited' ? failure.retryAfterMs : null,
    };
  }
}

/**
 * The view to announce an incident with: the newest one queued for it, so a root posted late
 * (the bot was invited an hour after the incident began) shows the figures of now.
 */
function currentView(view: IncidentView, later: readonly PendingNotification[]): IncidentView {
  let newest = view;
  for (const p of later) {
    const m = p.notification;
    if (
      (m.kind === 'update' || m.kind === 'resolved') &&
      m.view.rule === view.rule &&
      m.view.incidentId === view.incidentId
    )
      newest = m.view;
  }
  return newest;
}

async function carryOut(
  n: AlertNotification,
  later: readonly PendingNotification[],
  deps: DeliverDeps,
  log: Logger,
): Promise<Outcome> {
  const now = deps.clock.now();
  const options = { executionUrlTemplate: deps.executionUrlTemplate, timeZone: deps.timezone, now };
  const post = async (key: string, message: SlackMessage, threadTs?: string, broadcast = false) =>
    deps.slack.postOnce(key, {
      channel: n.channel,
      text: message.text,
      blocks: message.blocks,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      ...(broadcast ? { reply_broadcast: true } : {}),
    });
  switch (n.kind) {
    case 'api-down':
      return outcomeOf(
        await post(n.key, buildApiDownNotice(n.since, n.failures, deps.timezone, now)),
      );
    case 'api-up':
      return outcomeOf(await post(n.key, buildApiBackNotice(n.since, now)));
    case 'open': {
      const view = currentView(n.view, later);
      const charted = await rootMessage(view, options, deps);
      const root = await sendRoot(view, charted, (m) => post(n.key, m), { ...deps, logger: log });
      if (root.ts === null) return RETRY;
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
      return DONE;
    }
    default: {
      const root = await deps.store.loadIncidentMessage(n.view.rule, n.view.incidentId);
      if (root === null) {
        // Its root was never posted (Slack refused it, logged then): nothing to edit or reply to.
        log.debug('no root message for this incident; notification dropped');
        return DONE;
      }
      if (n.kind === 'joined' || n.kind === 'renotify' || n.kind === 'reopened') {
        if (n.kind === 'renotify')
          return outcomeOf(await post(n.key, buildReminderReply(n.view, n.subjects, now), root.ts));
        // A source that joins (or fires again in) an incident open for a while is news: the
        // reply is also sent to the channel, so it is not buried in an old thread.
        const reply = buildJoinedReply(n.view, n.subjects, n.kind === 'reopened');
        return outcomeOf(await post(n.key, reply, root.ts, true));
      }
      if (n.kind === 'resolved') {
        const reply = await post(n.key, buildResolvedReply(n.view), root.ts);
        if (reply.ts === null) return RETRY;
      }
      // Edits keep who acknowledged or muted, which a button may have set after the engine ran.
      const view: IncidentView = {
        ...n.view,
        acknowledgedBy: n.view.acknowledgedBy ?? root.view.acknowledgedBy,
      };
      await sendRoot(
        view,
        await rootMessage(view, options, deps),
        (m) => deps.slack.update(root.channel, root.ts, m),
        { ...deps, logger: log },
      );
      await deps.store.saveIncidentMessage({ ...root, view });
      return DONE;
    }
  }
}

function outcomeOf(result: PostOnceResult): Outcome {
  return result.ts === null ? RETRY : DONE;
}
