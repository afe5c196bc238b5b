import type { App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { StatsReplyDeps } from '../commands/stats-reply.js';
import { replyToStoredQuery } from '../commands/stats-reply.js';
import type { InFlightWork } from '../lifecycle/in-flight.js';
import { ALERT_ACTION_IDS, decodeAlertButton, MUTE_BUTTONS } from '../messages/alert-actions.js';
import { OVERALL } from '../messages/alert-view.js';
import { respondReliably } from '../slack/respond-reliably.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import { acknowledge, mute } from './acks-and-mutes.js';
import { type RedrawDeps, redrawRoot } from './redraw.js';
import { EMPTY_RULE_STATE } from './types.js';

/**
 * The buttons on an alert. Each acks at once, then changes the rule's state (serialised with the
 * evaluation cycle) and redraws the root message, so everyone in the channel sees
 * "Acknowledged by @alice" or "Muted until 14:00 by @bob". View stats answers the presser alone.
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
    deps.inFlight.run(
      async () => {
        const target = decodeAlertButton(action.value);
        if (target === null) {
          await respondReliably(
            respond,
            {
              response_type: 'ephemeral',
              replace_original: false,
              text: 'This button no longer matches an alert.',
            },
            { logger: log },
          );
          return;
        }
        const now = deps.clock.now();
        const found = await deps.serial(async () => {
          const state = (await deps.store.loadRuleState(target.rule)) ?? EMPTY_RULE_STATE;
          const root = await deps.store.loadIncidentMessage(target.rule, target.incidentId);
          const subjects =
            root === null || root.view.scope === 'overall'
              ? [OVERALL]
              : root.view.subjects.map((s) => s.subject);
          const result =
            what === 'acknowledge'
              ? acknowledge(state, target.incidentId, userId)
              : mute(state, subjects, now + ms, userId, now);
          if (result.changed) await deps.store.saveRuleState(target.rule, result.state, []);
          return root !== null;
        });
        log.info(`alert ${what}d`, { rule: target.rule, incidentId: target.incidentId });
        if (found) await redrawRoot(deps, target.rule, target.incidentId);
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
