import { ALERT_COMMANDS } from '../alerts/subcommands.js';
import {
  type CommandGrammar,
  createCommandGrammar,
  type ParsedCommand,
  type ParseOptions,
} from '../commands/grammar.js';
import {
  type ImmediateCommand,
  immediateReply as replyInAck,
} from '../commands/immediate-reply.js';
import { STATS_COMMANDS } from '../commands/stats-reply.js';
import { DIGEST_COMMANDS } from '../digests/subcommands.js';
import type { SlackMessage } from '../messages/message.js';

/**
 * `/exec-stats` as this bot understands it: the stats query, then every feature's subcommands
 * and help lines, in help's order. Every feature is listed, enabled or not, so that the app, the
 * CLI and the tests parse the same words; a feature this deployment leaves off answers "not
 * enabled". A new feature adds its CommandDeclaration here and its factory to build-features.ts.
 */
export const EXEC_STATS_COMMAND: CommandGrammar = createCommandGrammar([
  STATS_COMMANDS,
  DIGEST_COMMANDS,
  ALERT_COMMANDS,
]);

export const SUBCOMMAND_NAMES: readonly string[] = EXEC_STATS_COMMAND.subcommandNames;

/** `/exec-stats help`. */
export const USAGE: string = EXEC_STATS_COMMAND.usage;

export function parseCommand(text: string, options?: ParseOptions): ParsedCommand {
  return EXEC_STATS_COMMAND.parse(text, options);
}

/** The reply in the ack to help and to bad input, with this command's usage. */
export function immediateReply(parsed: ImmediateCommand): SlackMessage {
  return replyInAck(parsed, USAGE);
}
