import type { App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

/**
 * The catch-all for buttons no listener answers (an old message's button after a release renamed
 * it, or a forged payload): acked at once, so Slack shows no error and Bolt logs none after its
 * 3 s wait, and logged at debug. Bolt runs every listener whose constraints match, not the first
 * one, so this one stays silent for the action IDs registered for real (`known`); it is added
 * last, after the core and the features' listeners, so `known` is complete.
 */
export function registerUnknownActionFallback(
  app: App,
  known: ReadonlySet<string>,
  logger: Logger,
): void {
  app.action<BlockAction>(/[\s\S]*/, async ({ action, body, ack }: Args) => {
    const actionId = 'action_id' in action ? action.action_id : undefined;
    if (actionId !== undefined && known.has(actionId)) return;
    await ack();
    logger.debug('unknown action acknowledged and ignored', {
      actionId: String(actionId ?? '').slice(0, 100),
      userId: body.user?.id,
    });
  });
}

type Args = Pick<SlackActionMiddlewareArgs<BlockAction>, 'action' | 'body' | 'ack'>;

/**
 * The app as listeners see it, but every `app.action(<id string>, …)` also adds the ID to
 * `known`: the fallback above learns what is answered from the registrations themselves, the
 * features' included, without a second list to keep in step.
 */
export function recordingActionIds(app: App, known: Set<string>): App {
  return new Proxy(app, {
    get(target, property, receiver) {
      if (property !== 'action') return Reflect.get(target, property, receiver);
      return (constraint: unknown, ...rest: unknown[]) => {
        if (typeof constraint === 'string') known.add(constraint);
        else if (typeof constraint === 'object' && constraint !== null) {
          const id = (constraint as { action_id?: unknown }).action_id;
          if (typeof id === 'string') known.add(id);
        }
        return (target.action as (...args: unknown[]) => unknown)(constraint, ...rest);
      };
    },
  });
}
