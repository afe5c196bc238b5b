import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { InFlightWork } from '../../lifecycle/in-flight.js';
import type { Logger } from '../../logging/logger.js';
import { alertButtonRefusalText } from '../../messages/alert-actions.js';
import { respondReliably } from '../../slack/respond-reliably.js';

/**
 * Buttons are honoured only from the workspace the bot is installed in (its team, from auth.test
 * at start). Slack signs every payload for this app, but a payload's team is only what it says,
 * and this bot serves one workspace: a press from any other is acked, told privately that nothing
 * changed, and goes no further, before any listener sees it. Other kinds of request pass.
 */
export function onlyOurWorkspace(deps: {
  readonly workspace: () => string | null;
  readonly inFlight: InFlightWork;
  readonly logger: Logger;
}): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as { type?: unknown; team?: { id?: unknown } | null };
    if (body.type !== 'block_actions') return args.next();
    const team = typeof body.team?.id === 'string' ? body.team.id : null;
    const ours = deps.workspace();
    if (ours !== null && team === ours) return args.next();
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    const log = deps.logger.child({ component: 'actions' });
    log.warn('button from another workspace refused', { team: team?.slice(0, 32) ?? null });
    if (!('respond' in args) || typeof args.respond !== 'function') return;
    const respond = args.respond as RespondFn;
    deps.inFlight.run(
      () =>
        respondReliably(
          respond,
          {
            response_type: 'ephemeral',
            replace_original: false,
            text: alertButtonRefusalText('other-workspace'),
          },
          { logger: log },
        ),
      (error) => log.error('could not answer a button from another workspace', { error }),
    );
  };
}
