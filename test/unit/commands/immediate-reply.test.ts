import { describe, expect, it } from 'vitest';
import type { ParsedCommand } from '../../../src/commands/grammar.js';
import {
  type ImmediateCommand,
  unavailableSubcommandReply,
} from '../../../src/commands/immediate-reply.js';
import { usageBlockText } from '../../../src/messages/help.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import type { SlackMessage } from '../../../src/messages/message.js';
import { immediateReply, parseCommand, USAGE } from '../../../src/runtime/exec-stats-command.js';
import { allTexts } from '../messages/fixtures.js';

function immediate(text: string): ImmediateCommand {
  const parsed: ParsedCommand = parseCommand(text);
  if (parsed.kind !== 'help' && parsed.kind !== 'invalid')
    throw new Error(`not immediate: ${text}`);
  return parsed;
}

/** What the reader sees in the blocks (the fallback `text` is for notifications). */
const shown = (message: SlackMessage) =>
  allTexts({ ...message, text: '' })
    .join('\n')
    .trim();

describe('the answer to a typo', () => {
  it.each([
    ['banana', '`banana` is not understood'],
    ['400d', '`400d` is longer than the 90 days'],
    ['24h 7d', '`7d` is a second window'],
    ['help me', '`help` stands alone'],
    ['source:', '`source:` has no name'],
  ])('%s: the reason and a pointer to help, in two lines', (text, reason) => {
    const message = immediateReply(immediate(text));
    const lines = shown(message).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(reason);
    expect(lines[1]).toBe('See `/exec-stats help` for everything it understands.');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('is a fraction of the usage, which stays in help', () => {
    const typo = shown(immediateReply(immediate('banana')));
    expect(typo.length).toBeLessThan(250);
    expect(typo).not.toContain('*WINDOW*');
    expect(typo).not.toContain('subscribe');
    const help = shown(immediateReply({ kind: 'help' }));
    expect(help).toContain(usageBlockText(USAGE));
    expect(help.length).toBeGreaterThan(typo.length * 4);
  });

  it('says a subcommand is not enabled, and where to look, in two lines', () => {
    const message = unavailableSubcommandReply('alerts');
    expect(shown(message).split('\n')).toEqual([
      ":warning: `alerts` is not enabled in this workspace's bot.",
      'See `/exec-stats help` for everything it understands.',
    ]);
  });
});
