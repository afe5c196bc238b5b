import type { AlertSlack } from '../../alerts/deliver.js';
import type { SlackMessage } from '../../messages/message.js';
import type { PostOnceMessage, PostOnceResult } from '../../slack/post-once.js';

/** What an AlertSlack was asked to do, for replay, the demo and tests. */
export type RecordedCall =
  | {
      readonly kind: 'post';
      readonly key: string;
      readonly message: PostOnceMessage;
      readonly ts: string;
      readonly at: number;
    }
  | {
      readonly kind: 'update';
      readonly channel: string;
      readonly ts: string;
      readonly message: SlackMessage;
      readonly at: number;
    };

/** An AlertSlack that posts nowhere: it records every call, and posts each key once, as post-once does. */
export function createRecordingSlack(
  now: () => number,
): AlertSlack & { readonly calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const posted = new Map<string, string>();
  return {
    calls,
    async postOnce(key, message): Promise<PostOnceResult> {
      const existing = posted.get(key);
      if (existing !== undefined) return { outcome: 'already-posted', ts: existing };
      const ts = `${Math.floor(now() / 1000)}.${String(calls.length + 1).padStart(6, '0')}`;
      posted.set(key, ts);
      calls.push({ kind: 'post', key, message, ts, at: now() });
      return { outcome: 'posted', ts };
    },
    async update(channel, ts, message) {
      calls.push({ kind: 'update', channel, ts, message, at: now() });
    },
  };
}
