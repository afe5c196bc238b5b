import type { Block } from '../messages/message.js';
import type { HistoryClient, HistoryPage } from './find-posted.js';
import type { Lane, RateGate } from './rate-gate.js';
import { classifySlackFailure } from './slack-failure.js';

/**
 * The Web API calls that deliver digests and alerts, each one paced by the rate gate in its lane
 * and reporting a 429 back to the gate. The client underneath has a per-call timeout and no
 * retries of its own: retrying a post is the post ledger's job (it looks the post up first),
 * and a client that silently re-sends chat.postMessage after a 5xx is how a message is posted
 * twice.
 */

export interface PostMessageArgs {
  readonly channel: string;
  readonly text: string;
  readonly blocks: Block[];
  readonly thread_ts?: string;
  readonly reply_broadcast?: boolean;
  readonly metadata: { event_type: string; event_payload: Record<string, string> };
}

export interface UpdateArgs {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: Block[];
}

/** What delivery needs of Slack: posts, edits, and the history to find a post again. */
export interface DeliveryClient extends HistoryClient {
  chat: {
    postMessage(args: PostMessageArgs): Promise<{ ok?: boolean; ts?: string }>;
    update(args: UpdateArgs): Promise<{ ok?: boolean }>;
  };
}

/** The subset of Slack's WebClient this wraps (the real one, or a test's). */
export interface RawDeliveryClient {
  chat: {
    postMessage(args: PostMessageArgs): Promise<{ ok?: boolean; ts?: string }>;
    update(args: UpdateArgs): Promise<{ ok?: boolean }>;
  };
  conversations: {
    history(args: Parameters<HistoryClient['conversations']['history']>[0]): Promise<HistoryPage>;
    replies(args: Parameters<HistoryClient['conversations']['replies']>[0]): Promise<HistoryPage>;
  };
}

export function pacedClient(raw: RawDeliveryClient, gate: RateGate, lane: Lane): DeliveryClient {
  async function call<T>(method: string, channel: string, run: () => Promise<T>): Promise<T> {
    await gate.acquire(method, channel, lane);
    try {
      return await run();
    } catch (error) {
      const failure = classifySlackFailure(error);
      if (failure.kind === 'rate-limited') gate.rateLimited(method, channel, failure.retryAfterMs);
      throw error;
    }
  }
  return {
    chat: {
      postMessage: (args) =>
        call('chat.postMessage', args.channel, () => raw.chat.postMessage(args)),
      update: (args) => call('chat.update', args.channel, () => raw.chat.update(args)),
    },
    conversations: {
      history: (args) =>
        call('conversations.history', args.channel, () => raw.conversations.history(args)),
      replies: (args) =>
        call('conversations.replies', args.channel, () => raw.conversations.replies(args)),
    },
  };
}
