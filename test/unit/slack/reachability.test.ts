import { describe, expect, it } from 'vitest';
import { reportUnreachableSlack, rootCause, shownUrl } from '../../../src/slack/reachability.js';
import { type LogEntry, recordingLogger } from '../../support/recording-logger.js';

/** What Node's fetch throws when the connection fails: the reason is in `cause`. */
function fetchFailed(cause: Error): TypeError {
  return new TypeError('fetch failed', { cause });
}

function systemError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

const refused = () =>
  fetchFailed(systemError('connect ECONNREFUSED 127.0.0.1:9999', 'ECONNREFUSED'));

describe('reportUnreachableSlack', () => {
  it('logs one line naming the URL and the cause at the first failure, and rethrows', async () => {
    const lines: LogEntry[] = [];
    const fetchFn = reportUnreachableSlack(recordingLogger(lines), async () => {
      throw fetchFailed(systemError('getaddrinfo ENOTFOUND slack.com', 'ENOTFOUND'));
    });
    await expect(fetchFn('https://slack.com/api/auth.test')).rejects.toThrow('fetch failed');
    expect(lines).toEqual([
      {
        level: 'warn',
        message:
          'cannot reach Slack at https://slack.com/api/auth.test: getaddrinfo ENOTFOUND slack.com (retrying)',
        fields: {
          url: 'https://slack.com/api/auth.test',
          cause: 'ENOTFOUND',
          hint: 'check SLACK_API_URL, DNS, proxy and firewall',
        },
      },
    ]);
  });

  it('says it once per outage: quiet while failing, "reachable again" once, then reports anew', async () => {
    const lines: LogEntry[] = [];
    let up = false;
    const fetchFn = reportUnreachableSlack(recordingLogger(lines), async () => {
      if (!up) throw refused();
      return new Response('{"ok":true}');
    });
    const url = 'http://127.0.0.1:9999/api/chat.postMessage';
    for (let i = 0; i < 3; i++) await expect(fetchFn(url)).rejects.toThrow();
    expect(lines.map((line) => line.level)).toEqual(['warn']);
    up = true;
    await fetchFn(url);
    await fetchFn(url);
    expect(lines.map((line) => line.message)).toEqual([
      `cannot reach Slack at ${url}: connect ECONNREFUSED 127.0.0.1:9999 (retrying)`,
      'Slack is reachable again',
    ]);
    up = false;
    await expect(fetchFn(url)).rejects.toThrow();
    expect(lines).toHaveLength(3);
  });

  it('passes the request through unchanged and logs nothing while Slack answers', async () => {
    const lines: LogEntry[] = [];
    const seen: unknown[] = [];
    const fetchFn = reportUnreachableSlack(recordingLogger(lines), async (url, init) => {
      seen.push(url, init?.method);
      return new Response('{"ok":false}', { status: 500 });
    });
    const response = await fetchFn('https://slack.com/api/auth.test', { method: 'POST' });
    expect(response.status).toBe(500);
    expect(seen).toEqual(['https://slack.com/api/auth.test', 'POST']);
    expect(lines).toEqual([]);
  });
});

describe('rootCause', () => {
  it('walks through the Web API client wrapper and fetch to the system error', () => {
    const wrapped = Object.assign(new Error('A request error occurred: fetch failed'), {
      code: 'slack_webapi_request_error',
      original: refused(),
    });
    expect(rootCause(wrapped)).toEqual({
      message: 'connect ECONNREFUSED 127.0.0.1:9999',
      code: 'ECONNREFUSED',
    });
  });

  it('lists each address of an AggregateError once (IPv6 and IPv4 tried)', () => {
    const both = Object.assign(
      new AggregateError([
        systemError('connect ECONNREFUSED ::1:3000', 'ECONNREFUSED'),
        systemError('connect ECONNREFUSED 127.0.0.1:3000', 'ECONNREFUSED'),
        systemError('connect ECONNREFUSED 127.0.0.1:3000', 'ECONNREFUSED'),
      ]),
      { code: 'ECONNREFUSED' },
    );
    expect(rootCause(fetchFailed(both))).toEqual({
      message: 'connect ECONNREFUSED ::1:3000; connect ECONNREFUSED 127.0.0.1:3000',
      code: 'ECONNREFUSED',
    });
  });

  it('keeps a Slack error as it is, and copes with values that are not errors', () => {
    const platform = Object.assign(new Error('An API error occurred: invalid_auth'), {
      code: 'slack_webapi_platform_error',
    });
    expect(rootCause(platform)).toEqual({
      message: 'An API error occurred: invalid_auth',
      code: null,
    });
    expect(rootCause('socket hang up').message).toBe('socket hang up');
    expect(rootCause(undefined).message).toBe('unknown error');
  });
});

describe('shownUrl', () => {
  it('drops credentials and the query, which may carry secrets', () => {
    expect(shownUrl('https://user:pa55word@proxy.example.com/api/auth.test?token=x')).toBe(
      'https://proxy.example.com/api/auth.test',
    );
    expect(shownUrl(new URL('https://slack.com/api/auth.test'))).toBe(
      'https://slack.com/api/auth.test',
    );
    expect(shownUrl('not a url')).toBe('(an invalid URL)');
  });
});
