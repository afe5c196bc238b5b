import { buildInvalidInputMessage } from '../messages/error-messages.js';
import { buildHelpMessage } from '../messages/help.js';
import type { SlackMessage } from '../messages/message.js';
import { type ParsedCommand, USAGE } from './grammar.js';

/** Every command that is answered in the ack itself, with no API call. */
export type ImmediateCommand = Extract<ParsedCommand, { kind: 'help' | 'invalid' }>;

/** The reply to help and to bad input: it goes in the ack, so Slack shows it at once. */
export function immediateReply(parsed: ImmediateCommand): SlackMessage {
  switch (parsed.kind) {
    case 'help':
      return buildHelpMessage(USAGE);
    case 'invalid':
      return buildInvalidInputMessage(parsed.reason, USAGE);
  }
}

/** A subcommand that no feature of this deployment answers (e.g. `alerts` with no rules set). */
export function unavailableSubcommandReply(name: string): SlackMessage {
  return buildInvalidInputMessage(`\`${name}\` is not enabled in this workspace's bot.`, USAGE);
}
