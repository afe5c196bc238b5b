import type { BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { FeatureContext } from '../features/feature.js';
import { respondReliably } from '../slack/respond-reliably.js';
import { answerStoredQuery } from './stats-reply.js';

type Args = Pick<
  SlackActionMiddlewareArgs<BlockButtonAction>,
  'action' | 'body' | 'ack' | 'respond'
>;

/**
 * The Refresh button: runs the query stored in the button again, now, in the clicking user's zone,
 * and replaces the message it sits on (ephemeral or public, as it was); with its text trend if the
 * response_url refuses the chart, as the command's own reply.
 */
export function makeRefreshStatsAction(deps: FeatureContext) {
  return async ({ action, body, ack, respond }: Args): Promise<void> => {
    await ack();
    const log = deps.logger.child({ action: 'refresh', userId: body.user.id });
    deps.inFlight.run(
      async () => {
        const ephemeral = body.container?.is_ephemeral === true;
        await answerStoredQuery(
          action.value ?? '',
          body.user.id,
          { ...deps, logger: log },
          (message) =>
            respondReliably(
              respond,
              {
                replace_original: true,
                response_type: ephemeral ? 'ephemeral' : 'in_channel',
                ...message,
              },
              { logger: log },
            ),
        );
      },
      (error) => log.error('could not refresh the stats message', { error }),
    );
  };
}
