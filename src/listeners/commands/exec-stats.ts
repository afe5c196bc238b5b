import type { RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { immediateReply, unavailableSubcommandReply } from '../../commands/immediate-reply.js';
import type { SubcommandContext } from '../../features/feature.js';
import type { Logger } from '../../logging/logger.js';
import { respondReliably } from '../../slack/respond-reliably.js';
import type { ListenerDeps } from '../deps.js';

type Args = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'>;
type SlashCommand = Args['command'];

/**
 * `/exec-stats`. Slack wants the ack within 3 seconds whatever the API does, so: help and bad input
 * are answered in the ack itself (no API call); a query or a feature's subcommand is acked empty at
 * once and answered through `response_url` by the feature that declared it, when ready.
 */
export function makeExecStatsCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: Args): Promise<void> => {
    const parsed = deps.grammar.parse(command.text);
    if (parsed.kind === 'help' || parsed.kind === 'invalid') {
      await ack({ response_type: 'ephemeral', ...immediateReply(parsed, deps.grammar.usage) });
      return;
    }
    const name = parsed.kind === 'stats' ? 'stats' : parsed.name;
    const handler = parsed.kind === 'stats' ? deps.query : deps.subcommands[parsed.name];
    if (handler === undefined || handler === null) {
      await ack({ response_type: 'ephemeral', ...unavailableSubcommandReply(name) });
      return;
    }
    await ack();
    const log = deps.logger.child({ command: command.text.slice(0, 200), userId: command.user_id });
    const context = { ...contextOf(command, respond, log), text: command.text };
    deps.inFlight.run(
      () =>
        parsed.kind === 'stats'
          ? (deps.query?.(context) ?? Promise.resolve())
          : handler({ ...context, args: parsed.args }),
      (error) => log.error('could not answer /exec-stats', { error }),
    );
  };
}

/** What a feature's handler gets: who asked where, and a reply that survives a flaky response_url. */
function contextOf(command: SlashCommand, respond: RespondFn, log: Logger): SubcommandContext {
  return {
    args: [],
    userId: command.user_id,
    channelId: command.channel_id,
    triggerId: command.trigger_id,
    respond: (message, options) =>
      respondReliably(
        respond,
        { response_type: options?.inChannel ? 'in_channel' : 'ephemeral', ...message },
        { logger: log },
      ),
  };
}
