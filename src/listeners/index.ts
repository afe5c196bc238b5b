import type { App } from '@slack/bolt';
import type { Feature } from '../features/feature.js';
import { recordingActionIds, registerUnknownActionFallback } from './actions/unknown-action.js';
import { onlyOurWorkspace } from './actions/workspace-guard.js';
import { registerCommands } from './commands/index.js';
import type { ListenerDeps } from './deps.js';

/**
 * Every listener the app has, in one place: first the guard that refuses buttons from another
 * workspace, then the core ones by kind (one folder each, as in Slack's bolt-ts starter template:
 * `/exec-stats`, which routes to the feature that answers the words), then each feature's own
 * (its buttons and events), and last the catch-all that acks, quietly, a button none of them
 * answers.
 */
export function registerListeners(
  app: App,
  deps: ListenerDeps,
  features: readonly Feature[],
): void {
  app.use(onlyOurWorkspace(deps));
  const known = new Set<string>();
  const recording = recordingActionIds(app, known);
  registerCommands(recording, deps);
  for (const feature of features) feature.register?.(recording);
  registerUnknownActionFallback(app, known, deps.logger.child({ component: 'actions' }));
}
