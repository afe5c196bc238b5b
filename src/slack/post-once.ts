import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import type { Block } from '../messages/message.js';
import { findPostedMessage, type HistoryClient } from './find-posted.js';
import { classifySlackFailure, SlackPostError, SlackRetryLaterError } from './slack-failure.js';

/**
 * Posts a message at most once per key, and never loses one, across restarts and Slack faults:
 *
 * 1. `record` the intent (`pending`): nothing has reached Slack yet.
 * 2. `beginPosting` (`posting`) right before chat.postMessage. The message carries metadata
 *    {event_type: 'exec_stats_post', event_payload: {key}}.
 * 3. `markPosted` with the message's ts.
 *
 * A `posting` entry is ambiguous (did Slack get it?): after a crash, and just as much after a
 * timeout, a dropped connection or a 5xx in this very process, since Slack may have stored the
 * message before failing to answer. So before posting an entry found `posting`, the channel's
 * recent history is searched for the key's metadata: found -> marked posted; not found -> posted
 * now. When the history cannot be read, the attempt ends with SlackRetryLaterError and nothing is
 * posted: never-twice wins, and the caller's retry checks again later (nothing stays "under way").
 *
 * A refusal (permanent, or a 429) puts the entry back to `pending`: Slack stored nothing.
 * Callers serialise attempts on one key (one alert delivery pass at a time, one claimed digest
 * run), so a `posting` entry is never a post under way elsewhere in this process. Across replicas
 * (PostgreSQL) the ledger's `beginPosting` refuses an entry whose owner is another live process:
 * the attempt ends `skipped` and its caller tries again later (after one history read that found
 * nothing, which costs a call and posts nothing).
 */

export const POST_EVENT_TYPE = 'exec_stats_post';

export type PostState = 'pending' | 'posting' | 'posted';

export interface PostEntry {
  readonly key: string;
  readonly channel: string;
  readonly state: PostState;
  readonly owner: string;
  readonly ts: string | null;
  readonly createdAt: number;
}

/** The ledger behind postOnce; async so a networked store can replace SQLite later. */
export interface PostLedger {
  /** Adds a `pending` entry unless the key has one; returns the key's entry either way. */
  record(key: string, channel: string, owner: string, now: number): Promise<PostEntry>;
  /** Compare-and-set to `posting` under `owner`, from the state and owner the caller saw. */
  beginPosting(
    key: string,
    owner: string,
    seen: Pick<PostEntry, 'state' | 'owner'>,
    now: number,
  ): Promise<boolean>;
  markPosted(key: string, ts: string, now: number): Promise<void>;
  /** Back to `pending` after Slack refused the post (nothing was posted). */
  markPending(key: string, now: number): Promise<void>;
}

export interface PostOnceMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks: Block[];
  readonly thread_ts?: string;
  /** A thread reply also shown in the channel ("Also send to #channel"). */
  readonly reply_broadcast?: boolean;
}

export interface PostMessageClient extends HistoryClient {
  chat: {
    postMessage(args: {
      channel: string;
      text: string;
      blocks: Block[];
      thread_ts?: string;
      reply_broadcast?: boolean;
      metadata: { event_type: string; event_payload: Record<string, string> };
    }): Promise<{ ok?: boolean; ts?: string }>;
  };
}

export interface PostOnceDeps {
  readonly client: PostMessageClient;
  readonly ledger: PostLedger;
  /** This process's identity (random per start). */
  readonly owner: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface PostOnceResult {
  readonly outcome: 'posted' | 'already-posted' | 'skipped';
  readonly ts: string | null;
}

export async function postOnce(
  key: string,
  message: PostOnceMessage,
  deps: PostOnceDeps,
): Promise<PostOnceResult> {
  const { ledger, owner, clock, logger } = deps;
  const entry = await ledger.record(key, message.channel, owner, clock.now());
  if (entry.state === 'posted') return { outcome: 'already-posted', ts: entry.ts };
  if (entry.state === 'posting') {
    const found = await lookUp(key, entry, message, deps);
    if (found !== null) {
      await ledger.markPosted(key, found, clock.now());
      logger.info('post found in the channel after an unclear answer; not posted again', { key });
      return { outcome: 'already-posted', ts: found };
    }
  }
  if (!(await ledger.beginPosting(key, owner, entry, clock.now()))) {
    logger.info('post taken over by another attempt; skipped', { key });
    return { outcome: 'skipped', ts: null };
  }
  let ts: string;
  try {
    const result = await deps.client.chat.postMessage({
      channel: message.channel,
      text: message.text,
      blocks: message.blocks,
      ...(message.thread_ts === undefined ? {} : { thread_ts: message.thread_ts }),
      ...(message.reply_broadcast === true ? { reply_broadcast: true } : {}),
      metadata: { event_type: POST_EVENT_TYPE, event_payload: { key } },
    });
    ts = result.ts ?? '';
  } catch (error) {
    const failure = classifySlackFailure(error);
    if (failure.kind === 'ambiguous') {
      // Stays `posting`: the next attempt looks the message up before posting again.
      logger.warn('no clear answer from Slack to a post; it will be looked up and retried', {
        key,
        channel: message.channel,
        detail: failure.detail,
      });
      throw new SlackRetryLaterError(`post ${key}`, failure);
    }
    await ledger.markPending(key, clock.now());
    if (failure.kind === 'rate-limited') throw new SlackRetryLaterError(`post ${key}`, failure);
    logger.warn('Slack refused the post', {
      key,
      channel: message.channel,
      slackError: failure.code,
    });
    throw new SlackPostError(key, message.channel, failure.code);
  }
  await ledger.markPosted(key, ts, clock.now());
  return { outcome: 'posted', ts };
}

/** The ts of the key's message in the channel, or null; SlackRetryLaterError when unreadable. */
async function lookUp(
  key: string,
  entry: PostEntry,
  message: PostOnceMessage,
  deps: PostOnceDeps,
): Promise<string | null> {
  try {
    return await findPostedMessage(deps.client, {
      key,
      channel: entry.channel,
      since: entry.createdAt,
      ...(message.thread_ts === undefined ? {} : { threadTs: message.thread_ts }),
    });
  } catch (error) {
    const failure = classifySlackFailure(error);
    deps.logger.warn(
      'a post may already be in the channel and its history cannot be read to check; not posted, so it is not posted twice, and checked again later',
      { key, channel: entry.channel, error },
    );
    throw new SlackRetryLaterError(
      `check for ${key} in ${entry.channel}`,
      failure.kind === 'permanent' ? { kind: 'ambiguous', detail: failure.code } : failure,
    );
  }
}
