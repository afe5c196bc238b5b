import type { Block } from '../messages/message.js';
import { type ChartedMessage, noChart, sendWithChartFallback } from '../slack/chart-fallback.js';
import { slackErrorCode } from '../slack/slack-failure.js';
import { isLate } from './catch-up.js';
import type { Digest } from './digest.js';
import { composeChartedDigest, digestWindow, type RunDeps, unavailable } from './run-digest.js';
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
  let message: ChartedMessage;
  try {
    message = await composeChartedDigest(digest, window, pending.scheduledAt, late, deps);
  } catch (error) {
    outcome = 'unavailable-after-retry';
    log.warn('stats still unavailable on the retry; giving up until the next run', { error });
    message = noChart(
      unavailable(digest, window, pending.scheduledAt, late, error, null, deps.clock.now()),
    );
  }
  if (pending.messageTs !== null) {
    try {
      const ts = pending.messageTs;
      await sendWithChartFallback(
        message,
        (m) => deps.client.chat.update({ channel: pending.channel, ts, ...m }),
        log,
      );
    } catch (error) {
      outcome = `slack-error:${slackErrorCode(error) ?? 'unknown'}`;
      log.error('Slack refused the digest update', { channel: pending.channel, error });
    }
  }
  await deps.store.finishRetry(pending, outcome, deps.clock.now());
  log.info('digest retry finished', { outcome });
  return outcome;
}
