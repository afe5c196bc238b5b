import { buildInvalidInputMessage } from '../messages/error-messages.js';
import type { SlackMessage } from '../messages/message.js';
import type { UserTimeZones } from '../slack/user-time-zone.js';
import { parseStatsQuery, USAGE_LINE } from './grammar.js';
import { buildStatsReply, type StatsReplyDeps } from './stats-reply.js';

/**
 * The reply to a button that carries a query (Refresh, an alert's View stats): the stored text is
 * run again now, in the clicking user's zone. The text is the grammar's `canonical`, already
 * unescaped, so it is parsed as plain text; anything else gets the command's usage line, never
 * an error.
 */
export async function replyToStoredQuery(
  storedQuery: string,
  userId: string,
  deps: StatsReplyDeps & { readonly userTimeZones: UserTimeZones },
): Promise<SlackMessage> {
  const parsed = parseStatsQuery(storedQuery, { escaped: false });
  if (parsed.kind !== 'stats') {
    return buildInvalidInputMessage('This button no longer matches a query.', USAGE_LINE);
  }
  const timeZone = await deps.userTimeZones.get(userId);
  return (await buildStatsReply(parsed, timeZone, deps)).message;
}
