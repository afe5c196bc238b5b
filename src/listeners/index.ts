import type { App } from '@slack/bolt';
import type { Feature } from '../features/feature.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import type { ListenerDeps } from './deps.js';

/**
 * Every listener the app has, in one place: the core ones by kind (one folder each, as in Slack's
 * bolt-ts starter template: `/exec-stats`, which routes to the features' subcommands, and the
 * stats message's Refresh button), then each feature's own (its buttons).
 */
export function registerListeners(
  app: App,
  deps: ListenerDeps,
  features: readonly Feature[],
): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  for (const feature of features) feature.register?.(app);
}
