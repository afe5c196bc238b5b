import type { App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { StatsReplyDeps } from '../commands/stats-reply.js';
import { replyToStoredQuery } from '../commands/stats-reply.js';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import {
  ALERT_ACTION_IDS,
  type AlertButtonRefusal,
  alertButtonRefusalText,
  decodeAlertButton,
  MUTE_BUTTONS,
} from '../messages/alert-actions.js';
import { OVERALL } from '../messages/alert-view.js';
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
}

type Args = Pick<
  SlackActionMiddlewareArgs<BlockButtonAction>,
  'action' | 'body' | 'ack' | 'respond'
>;

export function registerAlertActions(app: App, deps: AlertActionDeps): void {
  app.action<BlockButtonAction>(ALERT_ACTION_IDS.acknowledge, handle(deps, 'acknowledge', 0));
  for (const button of MUTE_BUTTONS)
    app.action<BlockButtonAction>(button.actionId, handle(deps, 'mute', button.ms));
  app.action<BlockButtonAction>(ALERT_ACTION_IDS.viewStats, viewStats(deps));
}

function handle(deps: AlertActionDeps, what: 'acknowledge' | 'mute', ms: number) {
  return async ({ action, body, ack, respond }: Args): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ action: what, userId });
    const refuse = async (refusal: AlertButtonRefusal, alertChannel: string | null = null) => {
      log.warn(`alert button refused: ${refusal}`, { channel: body.channel?.id });
      await respondReliably(
        respond,
        {
          response_type: 'ephemeral',
          replace_original: false,
          text: alertButtonRefusalText(refusal, alertChannel),
        },
        { logger: log },
      );
    };
    deps.inFlight.run(
      async () => {
        const target = decodeAlertButton(action.value);
        if (target === null) return refuse('not-ours');
        const now = deps.clock.now();
        const pressedIn = body.channel?.id ?? body.container?.channel_id;
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
        log.info(`alert ${what}d`, { rule: target.rule, incidentId: target.incidentId });
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
        const message = await replyToStoredQuery(action.value ?? '', body.user.id, {
          ...deps,
          logger: log,
        });
        await respondReliably(
          respond,
          { response_type: 'ephemeral', replace_original: false, ...message },
          { logger: log },
        );
      },
      (error) => log.error('could not show the stats of an alert', { error }),
    );
  };
}
