import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import type { StatsReplyDeps } from '../commands/stats-reply.js';
import { answerStoredQuery } from '../commands/stats-reply.js';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import {
  ALERT_ACTION_IDS,
  type AlertButtonRefusal,
  alertButtonRefusalText,
  decodeAlertButton,
  MUTE_BUTTONS,
} from '../messages/alert-actions.js';
import { OVERALL } from '../messages/alert-view.js';
import { buildNoticeModal } from '../messages/notice-modal.js';
import type { Permissions } from '../slack/permissions.js';
import { respondReliably } from '../slack/respond-reliably.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import { acknowledge, checkAlertButton, mute } from './acks-and-mutes.js';
import { type RedrawDeps, redrawRoot } from './redraw.js';
import { EMPTY_RULE_STATE } from './types.js';

/**
 * The buttons on an alert. Each acks at once, then changes the rule's state (serialised with the
 * evaluation cycle) and redraws the root message, so everyone in the channel sees
 * "Acknowledged by @alice" or "Muted until 14:00 by @bob". View stats answers the presser alone.
 * A press naming no incident this bot posted, or pressed outside that alert's channel, changes
 * nothing and is told why, privately (the workspace is checked for every button in listeners/).
 */

export interface AlertActionDeps extends RedrawDeps, StatsReplyDeps {
  readonly inFlight: InFlightWork;
  readonly userTimeZones: UserTimeZones;
  /**
   * Who may acknowledge or mute: members of the alert's channel and the bot's admins. Absent: the
   * app's own, which app.ts puts in Bolt's context for every listener (`context.permissions`).
   */
  readonly permissions?: Permissions;
  /** Opens a modal (a refusal of a press on the Home tab); absent: Bolt's client of the request. */
  readonly client?: Pick<webApi.WebClient, 'views'>;
}

type Args = Pick<
  SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
  'action' | 'body' | 'ack' | 'respond' | 'context' | 'client'
>;

export function registerAlertActions(app: App, deps: AlertActionDeps): void {
  app.action<BlockButtonAction>(ALERT_ACTION_IDS.acknowledge, handle(deps, 'acknowledge', 0));
  for (const button of MUTE_BUTTONS)
    app.action<BlockButtonAction>(button.actionId, handle(deps, 'mute', button.ms));
  app.action<BlockButtonAction>(ALERT_ACTION_IDS.viewStats, viewStats(deps));
}

function handle(deps: AlertActionDeps, what: 'acknowledge' | 'mute', ms: number) {
  return async ({ action, body, ack, respond, context, client }: Args): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const permissions = deps.permissions ?? permissionsIn(context);
    const views = deps.client ?? client;
    const log = deps.logger.child({ action: what, userId });
    // Pressed on the Home tab: no channel and no response_url; a refusal is shown in a modal.
    const fromHome = body.container?.type === 'view';
    const tell = async (text: string) => {
      if (fromHome) {
        await views.views.open({
          trigger_id: body.trigger_id,
          view: buildNoticeModal('Not allowed', text),
        });
        return;
      }
      await respondReliably(
        respond,
        { response_type: 'ephemeral', replace_original: false, text },
        { logger: log },
      );
    };
    const refuse = async (refusal: AlertButtonRefusal, alertChannel: string | null = null) => {
      log.warn(`alert button refused: ${refusal}`, { channel: body.channel?.id });
      await tell(alertButtonRefusalText(refusal, alertChannel));
    };
    deps.inFlight.run(
      async () => {
        const target = decodeAlertButton(action.value);
        if (target === null) return refuse('not-ours');
        // Who may: asked of Slack before the state is touched (never inside the cycle's turn).
        const incident = await deps.store.loadIncidentMessage(target.rule, target.incidentId);
        if (incident !== null && permissions !== undefined) {
          const decision = await permissions.check(userId, {
            kind: what === 'acknowledge' ? 'ack-alert' : 'mute-alert',
            channel: incident.channel,
          });
          if (!decision.allowed) {
            log.warn(`alert button refused: ${decision.reason}`, { channel: incident.channel });
            return tell(decision.text);
          }
        }
        const now = deps.clock.now();
        const pressedIn = fromHome
          ? incident?.channel
          : (body.channel?.id ?? body.container?.channel_id);
        const outcome = await deps.serial(async () => {
          const stored = await deps.store.loadRuleState(target.rule);
          const root = await deps.store.loadIncidentMessage(target.rule, target.incidentId);
          const refusal = checkAlertButton(root, stored !== null, pressedIn);
          if (refusal !== null || root === null) {
            return { refusal: refusal ?? 'unknown-incident', channel: root?.channel ?? null };
          }
          const state = stored ?? EMPTY_RULE_STATE;
          const subjects =
            root.view.scope === 'overall' ? [OVERALL] : root.view.subjects.map((s) => s.subject);
          const result =
            what === 'acknowledge'
              ? acknowledge(state, target.incidentId, userId)
              : mute(state, subjects, now + ms, userId, now);
          if (result.changed) await deps.store.saveRuleState(target.rule, result.state, []);
          return null;
        });
        if (outcome !== null) return refuse(outcome.refusal, outcome.channel);
        log.info(`alert ${what}d`, {
          rule: target.rule,
          incidentId: target.incidentId,
          at: new Date(now).toISOString(),
          from: fromHome ? 'home' : 'message',
        });
        await redrawRoot(deps, target.rule, target.incidentId);
      },
      (error) => log.error(`could not ${what} the alert`, { error }),
    );
  };
}

function viewStats(deps: AlertActionDeps) {
  return async ({ action, body, ack, respond }: Args): Promise<void> => {
    await ack();
    const log = deps.logger.child({ action: 'alert-view-stats', userId: body.user.id });
    deps.inFlight.run(
      async () => {
        // With its text trend if the response_url refuses the chart, as `/exec-stats` itself.
        await answerStoredQuery(
          action.value ?? '',
          body.user.id,
          { ...deps, logger: log },
          (message) =>
            respondReliably(
              respond,
              { response_type: 'ephemeral', replace_original: false, ...message },
              { logger: log },
            ),
        );
      },
      (error) => log.error('could not show the stats of an alert', { error }),
    );
  };
}

/** The app's permissions from Bolt's context (app.ts puts them there), if they are there. */
function permissionsIn(context: Record<string, unknown>): Permissions | undefined {
  const candidate = context.permissions as Partial<Permissions> | undefined;
  return typeof candidate?.check === 'function' ? (candidate as Permissions) : undefined;
}
