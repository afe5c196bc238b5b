import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../messages/message.js';
import type { ListenerDeps } from '../deps.js';
import { makeRefreshStatsAction } from './refresh-stats.js';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.refresh, makeRefreshStatsAction(deps));
}
