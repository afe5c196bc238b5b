import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { type PostLedger, type PostMessageClient, postOnce } from '../../../src/slack/post-once.js';
import { SlackPostError, SlackRetryLaterError } from '../../../src/slack/slack-failure.js';
import { type Database, openStateDb } from '../../../src/state/open-state-db.js';
import { createSqlitePostLedger } from '../../../src/state/sqlite-post-ledger.js';
import { tempDbPath } from '../state/temp-db.js';

interface Posted {
  channel: string;
  ts: string;
  metadata: { event_type: string; event_payload: Record<string, string> };
}

/** A Slack double: a channel's messages, and switches for failures. */
function fakeSlack() {
  const posted: Posted[] = [];
  const state = {
    historyFails: false,
    postError: null as string | null,
    /** Posts reach the channel, then the call never answers (the process "dies"). */
    hangAfterPost: false,
    historyCalls: 0,
  };
  const client: PostMessageClient = {
    chat: {
      async postMessage(args) {
        if (state.postError !== null) {
          throw Object.assign(new Error('platform'), {
            data: { ok: false, error: state.postError },
          });
        }
        const ts = `1700000000.${String(posted.length + 1).padStart(6, '0')}`;
        posted.push({ channel: args.channel, ts, metadata: args.metadata });
        if (state.hangAfterPost) return new Promise(() => {});
        return { ok: true, ts };
      },
    },
    conversations: {
      async history(args) {
        state.historyCalls += 1;
        if (state.historyFails) {
          throw Object.assign(new Error('platform'), {
            data: { ok: false, error: 'missing_scope' },
          });
        }
        return { messages: posted.filter((p) => p.channel === args.channel), has_more: false };
      },
      async replies() {
        return { messages: [] };
      },
    },
  };
  return { client, posted, state };
}

/** The slack double's next post fails with `failure`, after storing the message when `stored`. */
function failNextPost(slack: ReturnType<typeof fakeSlack>, failure: unknown, stored: boolean) {
  const original = slack.client.chat.postMessage;
  let fail = true;
  slack.client.chat.postMessage = async (args) => {
    if (!fail) return original(args);
    fail = false;
    if (stored) await original(args);
    throw failure;
  };
}

const message = { channel: 'C1', text: 'hello', blocks: [] };
const KEY = 'digest:ops-daily:2026-11-28T09:00:00.000Z';

describe('postOnce', () => {
  let temp = tempDbPath();
  let db: Database;
  let ledger: PostLedger;
  const clock = fixedClock('2026-11-28T09:00:00Z');
  const deps = (owner: string, client: PostMessageClient) => ({
    client,
    ledger,
    owner,
    clock,
    logger: silentLogger,
  });
  beforeEach(() => {
    temp = tempDbPath();
    db = openStateDb(temp.path);
    ledger = createSqlitePostLedger(db);
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('posts once with the key in the metadata, then answers already-posted', async () => {
    const slack = fakeSlack();
    const first = await postOnce(KEY, message, deps('a', slack.client));
    expect(first).toEqual({ outcome: 'posted', ts: '1700000000.000001' });
    expect(slack.posted[0]?.metadata).toEqual({
      event_type: 'exec_stats_post',
      event_payload: { key: KEY },
    });
    const second = await postOnce(KEY, message, deps('b', slack.client));
    expect(second).toEqual({ outcome: 'already-posted', ts: '1700000000.000001' });
    expect(slack.posted).toHaveLength(1);
  });

  it('after a crash between record and post, the next process posts it', async () => {
    await ledger.record(KEY, 'C1', 'dead', clock.now());
    const slack = fakeSlack();
    expect((await postOnce(KEY, message, deps('b', slack.client))).outcome).toBe('posted');
    expect(slack.posted).toHaveLength(1);
  });

  it('after a crash between post and confirm, the history shows it: not posted again', async () => {
    const slack = fakeSlack();
    slack.state.hangAfterPost = true;
    void postOnce(KEY, message, deps('dead', slack.client));
    await new Promise((resolve) => setImmediate(resolve));
    expect(slack.posted).toHaveLength(1);
    slack.state.hangAfterPost = false;
    const again = await postOnce(KEY, message, deps('b', slack.client));
    expect(again).toEqual({ outcome: 'already-posted', ts: '1700000000.000001' });
    expect(slack.posted).toHaveLength(1);
    expect(await postOnce(KEY, message, deps('c', slack.client))).toEqual(again);
    expect(slack.state.historyCalls).toBe(1);
  });

  it('after a crash right before Slack got it, the history lacks it: posted now', async () => {
    const entry = await ledger.record(KEY, 'C1', 'dead', clock.now());
    await ledger.beginPosting(KEY, 'dead', entry, clock.now());
    const slack = fakeSlack();
    expect((await postOnce(KEY, message, deps('b', slack.client))).outcome).toBe('posted');
    expect(slack.posted).toHaveLength(1);
  });

  it('when the history cannot be read, posts nothing and says to retry; the retry checks again', async () => {
    const entry = await ledger.record(KEY, 'C1', 'dead', clock.now());
    await ledger.beginPosting(KEY, 'dead', entry, clock.now());
    const slack = fakeSlack();
    slack.state.historyFails = true;
    await expect(postOnce(KEY, message, deps('b', slack.client))).rejects.toBeInstanceOf(
      SlackRetryLaterError,
    );
    expect(slack.posted).toHaveLength(0);
    slack.state.historyFails = false;
    expect((await postOnce(KEY, message, deps('b', slack.client))).outcome).toBe('posted');
    expect(slack.posted).toHaveLength(1);
  });

  it.each([
    ['a 500', Object.assign(new Error('HTTP 500'), { statusCode: 500 })],
    ['a dropped connection', new TypeError('fetch failed')],
    ['internal_error', Object.assign(new Error('platform'), { data: { error: 'internal_error' } })],
  ])(
    'after %s once Slack stored the post, the retry in the same process finds it: posted once',
    async (_, failure) => {
      const slack = fakeSlack();
      failNextPost(slack, failure, true); // stored, then no clear answer
      const error = await postOnce(KEY, message, deps('a', slack.client)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SlackRetryLaterError);
      expect((error as SlackRetryLaterError).retryAfterMs).toBeNull();
      const again = await postOnce(KEY, message, deps('a', slack.client));
      expect(again).toEqual({ outcome: 'already-posted', ts: '1700000000.000001' });
      expect(slack.posted).toHaveLength(1);
      expect(slack.state.historyCalls).toBe(1);
    },
  );

  it('after a timeout before Slack stored it, the retry looks, finds nothing and posts', async () => {
    const slack = fakeSlack();
    failNextPost(
      slack,
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      false,
    );
    await expect(postOnce(KEY, message, deps('a', slack.client))).rejects.toBeInstanceOf(
      SlackRetryLaterError,
    );
    expect((await postOnce(KEY, message, deps('a', slack.client))).outcome).toBe('posted');
    expect(slack.posted).toHaveLength(1);
    expect(slack.state.historyCalls).toBe(1);
  });

  it('a 429 stored nothing: the key goes back to pending, the retry posts without a look-up', async () => {
    const slack = fakeSlack();
    const limited = { code: 'slack_webapi_rate_limited_error', retryAfter: 7 };
    failNextPost(slack, Object.assign(new Error('rate limited'), limited), false);
    const error = await postOnce(KEY, message, deps('a', slack.client)).catch((e: unknown) => e);
    expect((error as SlackRetryLaterError).retryAfterMs).toBe(7_000);
    expect((await ledger.record(KEY, 'C1', 'a', clock.now())).state).toBe('pending');
    expect((await postOnce(KEY, message, deps('a', slack.client))).outcome).toBe('posted');
    expect(slack.state.historyCalls).toBe(0);
  });

  it.each(['channel_not_found', 'not_in_channel', 'invalid_blocks'])(
    'throws a typed error on %s and leaves the key postable',
    async (code) => {
      const slack = fakeSlack();
      slack.state.postError = code;
      const error = await postOnce(KEY, message, deps('a', slack.client)).catch((e) => e);
      expect(error).toBeInstanceOf(SlackPostError);
      expect(error).toMatchObject({ code, key: KEY, channel: 'C1' });
      slack.state.postError = null;
      expect((await postOnce(KEY, message, deps('a', slack.client))).outcome).toBe('posted');
    },
  );
});
