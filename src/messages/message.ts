import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** A Slack message as the pure builders return it: blocks plus the notification fallback text. */
export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks; plain, already escaped. */
  readonly text: string;
  readonly blocks: Block[];
}

/** Action IDs of the buttons the bot puts on messages; listeners register on these. */
export const ACTION_IDS = {
  refresh: 'exec_stats_refresh',
} as const;
