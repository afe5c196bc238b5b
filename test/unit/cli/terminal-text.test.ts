import { describe, expect, it } from 'vitest';
import { describeStatsFailure, plainText } from '../../../src/cli/terminal-text.js';
import {
  StatsInvalidResponseError,
  StatsNetworkError,
  StatsTimeoutError,
} from '../../../src/stats/errors.js';

const REQUEST = { method: 'GET', url: 'https://stats.example.com/v1/executions/stats?from=1&to=2' };

describe('plainText', () => {
  it.each([
    [':warning: `banana` is not understood', '"banana" is not understood'],
    ['write `/exec-stats help`, *then* _retry_', 'write "/exec-stats help", then retry'],
    // Names with underscores, times and `source:NAME` stay as they are.
    [
      '`nightly_sync_v2` at 09:30:15 in source:billing:eu',
      '"nightly_sync_v2" at 09:30:15 in source:billing:eu',
    ],
    ['two\nlines', 'two lines'],
  ])('%j', (mrkdwn, text) => {
    expect(plainText(mrkdwn)).toBe(text);
  });
});

describe('describeStatsFailure', () => {
  it.each([
    [
      new StatsNetworkError('Could not reach the stats API (ENOTFOUND)', REQUEST),
      'network',
      'could not reach the stats API (ENOTFOUND)',
      'Check STATS_API_URL and that this machine can reach it.',
    ],
    [
      new StatsTimeoutError('Stats API sent no response within 10000 ms', REQUEST),
      'timeout',
      'stats API sent no response within 10000 ms',
      'The API was too slow: try again, or a shorter window.',
    ],
    [
      new StatsInvalidResponseError('Stats API response is not valid JSON', REQUEST),
      'invalid-response',
      'stats API response is not valid JSON',
      'Check that STATS_API_URL points at the stats API (the part before /v1/…).',
    ],
  ])('%s', (error, kind, summary, hint) => {
    const failure = describeStatsFailure(error, 'last 24 hours');
    expect(failure.kind).toBe(kind);
    // The request goes on a line of its own, not repeated at the end of the sentence.
    expect(failure.message).toBe(`could not get executions for last 24 hours: ${summary}`);
    expect(failure.request).toBe(`GET ${REQUEST.url}`);
    expect(failure.hint).toBe(hint);
  });

  it('calls anything else a bug and says how to see more', () => {
    const failure = describeStatsFailure(new TypeError('x is undefined'), 'today');
    expect(failure).toMatchObject({
      kind: 'internal',
      message: 'could not get executions for today: x is undefined',
      request: null,
    });
    expect(failure.hint).toContain('LOG_LEVEL=debug');
  });
});
