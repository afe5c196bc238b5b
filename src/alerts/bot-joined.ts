import type { App } from '@slack/bolt';
import type { Logger } from '../logging/logger.js';
import type { Permissions } from '../slack/permissions.js';

/**
 * Slack's membership events, for the alerts:
 * - someone joined or left a channel: who is in it is asked of Slack again at the next check
 *   (`forgetChannel`), so a member who just joined may acknowledge or mute its alerts at once, and
 *   one who just left is refused at once, rather than after the minute members are remembered;
 * - the bot itself joined (someone ran /invite @exec-stats): alerts held for want of it are tried
 *   again at once rather than at the next cycle.
 */
export function registerBotJoined(
  app: App,
  onJoined: (channel: string) => void,
  logger: Logger,
  permissions: Pick<Permissions, 'forgetChannel'>,
) {
  app.event('member_joined_channel', async ({ event, context }) => {
    permissions.forgetChannel(event.channel);
    if (context.botUserId === undefined || event.user !== context.botUserId) return;
    logger.info('the bot joined a channel; held alerts are tried again', {
      channel: event.channel,
    });
    onJoined(event.channel);
  });
  app.event('member_left_channel', async ({ event }) => {
    permissions.forgetChannel(event.channel);
  });
}
