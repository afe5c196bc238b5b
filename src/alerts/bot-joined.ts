import type { App } from '@slack/bolt';
import type { Logger } from '../logging/logger.js';

/**
 * When the bot itself joins a channel (someone ran /invite @exec-stats), alerts held for want of
 * it are tried again at once rather than at the next cycle. Slack sends member_joined_channel
 * for every member; only the bot's own join matters here.
 */
export function registerBotJoined(app: App, onJoined: (channel: string) => void, logger: Logger) {
  app.event('member_joined_channel', async ({ event, context }) => {
    if (context.botUserId === undefined || event.user !== context.botUserId) return;
    logger.info('the bot joined a channel; held alerts are tried again', {
      channel: event.channel,
    });
    onJoined(event.channel);
  });
}
