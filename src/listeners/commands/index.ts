import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { makeExecStatsCommand } from './exec-stats.js';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/exec-stats', makeExecStatsCommand(deps));
}
