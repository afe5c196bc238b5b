import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../commands/grammar.js';
import { immediateReply } from '../../commands/immediate-reply.js';
import { buildStatsReply } from '../../commands/stats-reply.js';
import { respondReliably } from '../../slack/respond-reliably.js';
import type { ListenerDeps } from '../deps.js';

type Args = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'>;

/**
 * `/exec-stats`. Slack wants the ack within 3 seconds whatever the API does, so: help and bad input
 * are answered in the ack itself (no API call); a stats query is acked empty at once and its reply
 * goes through `response_url` when ready, with every failure turned into a message.
 */
export function makeExecStatsCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: Args): Promise<void> => {
    const parsed = parseCommand(command.text);
    if (parsed.kind !== 'stats') {
      await ack({ response_type: 'ephemeral', ...immediateReply(parsed) });
      return;
    }
    await ack();
    const log = deps.logger.child({ command: parsed.canonical, userId: command.user_id });
    deps.inFlight.run(
      async () => {
        const timeZone = await deps.userTimeZones.get(command.user_id);
        const { message } = await buildStatsReply(parsed, timeZone, { ...deps, logger: log });
        const responseType = parsed.public ? 'in_channel' : 'ephemeral';
        await respondReliably(
          respond,
          { response_type: responseType, ...message },
          { logger: log },
        );
      },
      (error) => log.error('could not reply to /exec-stats', { error }),
    );
  };
}
