import type { Block } from '../messages/message.js';
import { slackErrorCode } from '../slack/slack-failure.js';
import { isLate } from './catch-up.js';
import type { Digest } from './digest.js';
import { composeDigest, digestWindow, type RunDeps, unavailable } from './run-digest.js';
import type { PendingRetry } from './store.js';

export interface UpdateClient {
  chat: {
    update(args: {
      channel: string;
      ts: string;
      text: string;
      blocks: Block[];
    }): Promise<{ ok?: boolean }>;
  };
}

/**
 * The one retry of a run that posted "stats unavailable": fetch again and edit that message into
 * the full digest, or into "the retry failed too". An edit, not a new post: the channel keeps one
 * message per run, and editing twice (after a crash) shows the same thing, so it needs no ledger.
 */
export async function retryRun(
  digest: Digest,
  pending: PendingRetry,
  deps: RunDeps & { readonly client: UpdateClient },
): Promise<string> {
  const log = deps.logger.child({
    digest: digest.id,
    scheduledAt: new Date(pending.scheduledAt).toISOString(),
  });
  const window = digestWindow(digest, pending.scheduledAt);
  const late = isLate(pending.scheduledAt, pending.retryAt);
  let outcome = 'retried';
  let message: { text: string; blocks: Block[] };
  try {
    message = await composeDigest(digest, window, pending.scheduledAt, late, deps);
  } catch (error) {
    outcome = 'unavailable-after-retry';
    log.warn('stats still unavailable on the retry; giving up until the next run', { error });
    message = unavailable(digest, window, pending.scheduledAt, late, error, null, deps.clock.now());
  }
  if (pending.messageTs !== null) {
    try {
      await deps.client.chat.update({
        channel: pending.channel,
        ts: pending.messageTs,
        ...message,
      });
    } catch (error) {
      outcome = `slack-error:${slackErrorCode(error) ?? 'unknown'}`;
      log.error('Slack refused the digest update', { channel: pending.channel, error });
    }
  }
  await deps.store.finishRetry(pending, outcome, deps.clock.now());
  log.info('digest retry finished', { outcome });
  return outcome;
}
