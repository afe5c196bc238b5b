import { buildInvalidInputMessage } from '../messages/error-messages.js';
import { buildHelpMessage } from '../messages/help.js';
import type { SlackMessage } from '../messages/message.js';
import { type ParsedCommand, SEE_HELP } from './grammar.js';

/** Every command that is answered in the ack itself, with no API call. */
export type ImmediateCommand = Extract<ParsedCommand, { kind: 'help' | 'invalid' }>;

/**
 * The reply to help and to bad input: it goes in the ack, so Slack shows it at once. Help shows
 * `usage` (the grammar's, every feature's lines); bad input gets its reason and a pointer to help,
 * not the whole usage.
 */
export function immediateReply(parsed: ImmediateCommand, usage: string): SlackMessage {
  switch (parsed.kind) {
    case 'help':
      return buildHelpMessage(usage);
    case 'invalid':
      return buildInvalidInputMessage(parsed.reason, SEE_HELP);
  }
}

/** A subcommand that no feature of this deployment answers (e.g. `alerts` with no rules set). */
export function unavailableSubcommandReply(name: string): SlackMessage {
  return buildInvalidInputMessage(`\`${name}\` is not enabled in this workspace's bot.`, SEE_HELP);
}
