import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import type { Block } from '../messages/message.js';
import { findPostedMessage, type HistoryClient } from './find-posted.js';

/**
 * Posts a message at most once per key, and never loses one to a crash, across restarts:
 *
 * 1. `record` the intent (`pending`): nothing has reached Slack yet.
 * 2. `beginPosting` (`posting`) right before chat.postMessage. The message carries metadata
 *    {event_type: 'exec_stats_post', event_payload: {key}}.
 * 3. `markPosted` with the message's ts.
 *
 * After a crash, a `pending` entry is simply posted. A `posting` entry is ambiguous (did Slack get
 * it?), so the channel's recent history is searched for the key's metadata: found -> marked
 * posted; not found -> posted now. When the history cannot be read the entry is skipped with a
 * warning: in that narrow window never-twice wins over never-lost.
 *
 * One bot process per ledger: an entry `posting` under this process's owner is a post under way
 * right now, never a crash, so it is skipped rather than resolved.
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
}

export interface PostMessageClient extends HistoryClient {
  chat: {
    postMessage(args: {
      channel: string;
      text: string;
      blocks: Block[];
      thread_ts?: string;
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

/** Slack errors that no retry will fix; the caller logs them with its digest or rule. */
export const PERMANENT_SLACK_ERRORS = [
  'channel_not_found',
  'not_in_channel',
  'invalid_blocks',
  'is_archived',
  'msg_too_long',
  'invalid_auth',
  'account_inactive',
] as const;

/** Slack refused a post (`error` is Slack's code, e.g. channel_not_found). */
export class SlackPostError extends Error {
  constructor(
    readonly key: string,
    readonly channel: string,
    readonly code: string,
  ) {
    super(`Slack refused to post ${key} to ${channel}: ${code}`);
    this.name = 'SlackPostError';
  }
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
    if (entry.owner === owner) {
      logger.info('post already under way in this process; skipped', { key });
      return { outcome: 'skipped', ts: null };
    }
    const found = await lookUp(key, entry, message, deps);
    if (found === 'unreadable') return { outcome: 'skipped', ts: null };
    if (found !== null) {
      await ledger.markPosted(key, found, clock.now());
      logger.info('post found in the channel after a restart; not posted again', { key });
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
      metadata: { event_type: POST_EVENT_TYPE, event_payload: { key } },
    });
    ts = result.ts ?? '';
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === null) throw error; // unknown fate (network): stays `posting`, resolved later
    await ledger.markPending(key, clock.now());
    logger.warn('Slack refused the post', { key, channel: message.channel, slackError: code });
    throw new SlackPostError(key, message.channel, code);
  }
  await ledger.markPosted(key, ts, clock.now());
  return { outcome: 'posted', ts };
}

async function lookUp(
  key: string,
  entry: PostEntry,
  message: PostOnceMessage,
  deps: PostOnceDeps,
): Promise<string | null | 'unreadable'> {
  try {
    return await findPostedMessage(deps.client, {
      key,
      channel: entry.channel,
      since: entry.createdAt,
      ...(message.thread_ts === undefined ? {} : { threadTs: message.thread_ts }),
    });
  } catch (error) {
    deps.logger.warn(
      'a post may have been interrupted by a restart and the channel history cannot be read to check; skipped so it is not posted twice',
      { key, channel: entry.channel, slackError: slackErrorCode(error) ?? undefined, error },
    );
    return 'unreadable';
  }
}

/** Slack's `error` code from a Web API platform error (`ok: false`), else null. */
export function slackErrorCode(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : null;
}
