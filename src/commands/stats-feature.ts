import type { BlockButtonAction } from '@slack/bolt';
import type { FeatureFactory } from '../features/feature.js';
import { ACTION_IDS } from '../messages/message.js';
import { refusedByResponseUrl, sendWithChartFallback } from '../slack/chart-fallback.js';
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
      const reply = await buildStatsReply(parsed, timeZone, { ...context, logger });
      // Refused with its chart (a picture Slack will not show yet): the text trend instead.
      await sendWithChartFallback(
        { message: reply.message, plain: reply.plain ?? null },
        (message) => ctx.respond(message, { inChannel: parsed.public }),
        logger,
        refusedByResponseUrl,
      );
    },
    register(app) {
      app.action<BlockButtonAction>(ACTION_IDS.refresh, makeRefreshStatsAction(context));
    },
  });
}
