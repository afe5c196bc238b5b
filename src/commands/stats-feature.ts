import type { BlockButtonAction } from '@slack/bolt';
import type { FeatureFactory } from '../features/feature.js';
import { ACTION_IDS } from '../messages/message.js';
import { parseStatsQuery } from './grammar.js';
import { makeRefreshStatsAction } from './refresh-stats.js';
import { buildStatsReply } from './stats-reply.js';

/**
 * The stats query as a Feature, like digests and alerts: `/exec-stats [WINDOW] …` (the command with
 * no subcommand word; its help lines are STATS_COMMANDS) and the Refresh button on its replies. The
 * reply itself (stats-reply.ts) stays in commands/, where an alert's View stats button reaches it too.
 */
export function createStatsFeature(): FeatureFactory {
  return (context) => ({
    name: 'stats',
    async query(ctx) {
      // The grammar already found the words valid (help and bad input are answered in the ack).
      const parsed = parseStatsQuery(ctx.text);
      if (parsed.kind !== 'stats') return;
      const timeZone = await context.userTimeZones.get(ctx.userId);
      const logger = context.logger.child({ command: ctx.text.slice(0, 200), userId: ctx.userId });
      const { message } = await buildStatsReply(parsed, timeZone, { ...context, logger });
      await ctx.respond(message, { inChannel: parsed.public });
    },
    register(app) {
      app.action<BlockButtonAction>(ACTION_IDS.refresh, makeRefreshStatsAction(context));
    },
  });
}
