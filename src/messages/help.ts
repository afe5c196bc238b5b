import { contextBlock, sectionBlock } from './blocks.js';
import { fitMessage } from './fit-message.js';
import type { SlackMessage } from './message.js';
import { escapeEntities } from './mrkdwn.js';

/**
 * The usage text as the grammar wrote it: our own mrkdwn (inline `code` for each form), holding no
 * user or API input, so only `& < >` are escaped (they would otherwise be read as Slack markup).
 */
export function usageBlockText(usage: string): string {
  return escapeEntities(usage.trim());
}

/** `/exec-stats help`: what the command does and its usage (the grammar's USAGE text). */
export function buildHelpMessage(usage: string): SlackMessage {
  return fitMessage({
    text: '/exec-stats: how are our executions doing? Usage: /exec-stats [WINDOW] [hourly|daily] [source:NAME] [public]',
    blocks: [
      sectionBlock(
        '*/exec-stats* shows how executions are doing: counts, success rate, average duration, ' +
          'trend, the top failing source systems and links to the latest failed executions.',
      ),
      sectionBlock(usageBlockText(usage)),
      contextBlock(['Replies are visible only to you; add `public` to post in the channel.']),
    ],
  });
}
