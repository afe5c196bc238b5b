import type { RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StatsCommand, SubcommandRequest } from '../../commands/grammar.js';
import { immediateReply, unavailableSubcommandReply } from '../../commands/immediate-reply.js';
import { buildStatsReply } from '../../commands/stats-reply.js';
import type { Logger } from '../../logging/logger.js';
import { respondReliably } from '../../slack/respond-reliably.js';
import type { ListenerDeps } from '../deps.js';

type Args = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'>;
type SlashCommand = Args['command'];

/**
 * `/exec-stats`. Slack wants the ack within 3 seconds whatever the API does, so: help and bad input
 * are answered in the ack itself (no API call); a query or a feature's subcommand is acked empty at
 * once and answered through `response_url` when ready, every failure turned into a message.
 */
export function makeExecStatsCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: Args): Promise<void> => {
    const parsed = deps.grammar.parse(command.text);
    if (parsed.kind === 'help' || parsed.kind === 'invalid') {
      await ack({ response_type: 'ephemeral', ...immediateReply(parsed, deps.grammar.usage) });
      return;
    }
    if (parsed.kind === 'subcommand' && deps.subcommands[parsed.name] === undefined) {
      await ack({ response_type: 'ephemeral', ...unavailableSubcommandReply(parsed.name) });
      return;
    }
    await ack();
    const log = deps.logger.child({ command: command.text.slice(0, 200), userId: command.user_id });
    deps.inFlight.run(
      () =>
        parsed.kind === 'stats'
          ? answerStats(parsed, command, respond, deps, log)
          : answerSubcommand(parsed, command, respond, deps, log),
      (error) => log.error('could not answer /exec-stats', { error }),
    );
  };
}

async function answerStats(
  parsed: StatsCommand,
  command: SlashCommand,
  respond: RespondFn,
  deps: ListenerDeps,
  log: Logger,
): Promise<void> {
  const timeZone = await deps.userTimeZones.get(command.user_id);
  const { message } = await buildStatsReply(parsed, timeZone, { ...deps, logger: log });
  const responseType = parsed.public ? 'in_channel' : 'ephemeral';
  await respondReliably(respond, { response_type: responseType, ...message }, { logger: log });
}

async function answerSubcommand(
  parsed: SubcommandRequest,
  command: SlashCommand,
  respond: RespondFn,
  deps: ListenerDeps,
  log: Logger,
): Promise<void> {
  const handler = deps.subcommands[parsed.name];
  if (handler === undefined) return;
  await handler({
    args: parsed.args,
    userId: command.user_id,
    channelId: command.channel_id,
    respond: (message, options) =>
      respondReliably(
        respond,
        { response_type: options?.inChannel ? 'in_channel' : 'ephemeral', ...message },
        { logger: log },
      ),
  });
}
