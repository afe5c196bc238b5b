import { describe, expect, it } from 'vitest';
import { classifySlackFailure, SlackRetryLaterError } from '../../../src/slack/slack-failure.js';

const platform = (error: string) => Object.assign(new Error('platform'), { data: { error } });

describe('what a failed Web API call means for a post', () => {
  it.each([
    ['not_in_channel', platform('not_in_channel'), { kind: 'permanent', code: 'not_in_channel' }],
    ['invalid_auth', platform('invalid_auth'), { kind: 'permanent', code: 'invalid_auth' }],
    [
      'edit_window_closed',
      platform('edit_window_closed'),
      { kind: 'permanent', code: 'edit_window_closed' },
    ],
    [
      'a 429 with Retry-After',
      Object.assign(new Error('429'), { code: 'slack_webapi_rate_limited_error', retryAfter: 12 }),
      { kind: 'rate-limited', retryAfterMs: 12_000 },
    ],
    [
      'ratelimited in the body',
      platform('ratelimited'),
      { kind: 'rate-limited', retryAfterMs: 30_000 },
    ],
    ['internal_error', platform('internal_error'), { kind: 'ambiguous', detail: 'internal_error' }],
    ['fatal_error', platform('fatal_error'), { kind: 'ambiguous', detail: 'fatal_error' }],
    [
      'HTTP 503',
      Object.assign(new Error('An HTTP protocol error occurred'), { statusCode: 503 }),
      { kind: 'ambiguous', detail: 'HTTP 503' },
    ],
    [
      'a dropped connection',
      new TypeError('fetch failed'),
      { kind: 'ambiguous', detail: 'fetch failed' },
    ],
    ['a thrown string', 'boom', { kind: 'ambiguous', detail: 'boom' }],
  ])('%s', (_, error, expected) => {
    expect(classifySlackFailure(error)).toEqual(expected);
  });

  it('says what to do in its message, and how long Slack asked to wait', () => {
    const limited = new SlackRetryLaterError('post k', {
      kind: 'rate-limited',
      retryAfterMs: 1_500,
    });
    expect(limited.message).toBe('post k: rate-limited by Slack, retry in 2 s');
    expect(limited.retryAfterMs).toBe(1_500);
    const unclear = new SlackRetryLaterError('post k', { kind: 'ambiguous', detail: 'HTTP 500' });
    expect(unclear.message).toBe(
      'post k: no clear answer from Slack (HTTP 500); will check and retry',
    );
    expect(unclear.retryAfterMs).toBeNull();
  });
});
