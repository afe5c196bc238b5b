import { describe, expect, it } from 'vitest';
import { StatsInvalidResponseError } from '../../../src/stats/errors.js';
import { parseStatsBody, readErrorEnvelope } from '../../../src/stats/schema.js';
import { deleteAt, setAt, statsBody } from '../../support/stats-body.js';

const request = {
  method: 'GET',
  url: 'https://stats.example.test/v1/executions/stats?from=1&to=2&granularity=hourly',
};

function rejection(body: unknown): StatsInvalidResponseError {
  try {
    parseStatsBody(body, request);
  } catch (error) {
    if (error instanceof StatsInvalidResponseError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

describe('parseStatsBody: invalid bodies', () => {
  it.each([
    ['a count as a string', 'data.summary.failed', '3', 'data.summary.failed'],
    ['a negative count', 'data.summary.total', -1, 'data.summary.total'],
    [
      'an infinite count',
      'data.summary.succeeded',
      Number.POSITIVE_INFINITY,
      'data.summary.succeeded',
    ],
    ['NaN as a count', 'data.summary.cancelled', Number.NaN, 'data.summary.cancelled'],
    ['a null required count', 'data.summary.total', null, 'data.summary.total'],
    ['a bad derived count', 'data.summary.terminal', 'nine', 'data.summary.terminal'],
    ['a negative average', 'data.summary.averageDurationMs', -5, 'data.summary.averageDurationMs'],
    ['a bucket count', 'data.timeSeries.1.failed', '2', 'data.timeSeries[1].failed'],
    [
      'a bucket start object',
      'data.timeSeries.0.bucketStart',
      {},
      'data.timeSeries[0].bucketStart',
    ],
    ['a status count', 'data.statuses.2.count', true, 'data.statuses[2].count'],
    ['a status as a number', 'data.statuses.0.status', 7, 'data.statuses[0].status'],
    [
      'a source system name',
      'data.sourceSystems.0.sourceSystem',
      1,
      'data.sourceSystems[0].sourceSystem',
    ],
    [
      'an execution id',
      'data.recentFailures.1.executionId',
      42,
      'data.recentFailures[1].executionId',
    ],
    [
      'a reason as an object',
      'data.recentFailures.0.statusReason',
      { a: 1 },
      'data.recentFailures[0].statusReason',
    ],
    ['a list as a string', 'data.statuses', 'none', 'data.statuses'],
    ['the summary missing', 'data.summary', undefined, 'data.summary'],
    ['data as an array', 'data', [], 'data'],
    ['data missing', 'data', undefined, 'data'],
  ])('%s fails with its path', (_name, at, value, path) => {
    const body = statsBody();
    if (value === undefined) deleteAt(body, at);
    else setAt(body, at, value);
    const error = rejection(body);
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
    expect(error.method).toBe('GET');
    expect(error.url).toBe(request.url);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'ok'],
  ])('a body that is %s fails at the body itself', (_name, body) => {
    expect(rejection(body).path).toBe('(body)');
  });

  it('carries the envelope requestId on a rejected body', () => {
    const body = statsBody({ requestId: 'req-bad-7' });
    setAt(body, 'data.summary.failed', 'x');
    expect(rejection(body).requestId).toBe('req-bad-7');
  });
});

describe('parseStatsBody: ordering', () => {
  it('sorts time buckets oldest first, unparseable starts last in API order', () => {
    const t = (h: number) => new Date(Date.UTC(2026, 10, 2, h)).toISOString();
    const bucket = (bucketStart: string) => ({
      bucketStart,
      total: 1,
      succeeded: 1,
      failed: 0,
      cancelled: 0,
    });
    const body = statsBody({
      data: {
        timeSeries: [bucket(t(3)), bucket('??a'), bucket(t(1)), bucket('??b'), bucket(t(2))],
      },
    });
    const starts = parseStatsBody(body, request).timeSeries.map((b) => b.bucketStart.raw);
    expect(starts).toEqual([t(1), t(2), t(3), '??a', '??b']);
  });

  it('sorts failures newest first by finishedAt, else createdAt, undated last and stable', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 10, 2, 9, m)).toISOString();
    const failure = (executionId: string, createdAt?: string, finishedAt?: string) => ({
      executionId,
      status: 'workflow_failed',
      ...(createdAt === undefined ? {} : { createdAt }),
      ...(finishedAt === undefined ? {} : { finishedAt }),
    });
    const body = statsBody();
    setAt(body, 'data.recentFailures', [
      failure('undated-1'),
      failure('finished-10', t(1), t(10)),
      failure('created-20', t(20)),
      failure('garbage', 'soon', ''),
      failure('finished-5', t(30), t(5)),
      failure('undated-2', undefined, ''),
      failure('numeric-15', undefined, String(Date.UTC(2026, 10, 2, 9, 15))),
    ]);
    const ids = parseStatsBody(body, request).recentFailures.map((f) => f.executionId);
    expect(ids).toEqual([
      'created-20',
      'numeric-15',
      'finished-10',
      'finished-5',
      'undated-1',
      'garbage',
      'undated-2',
    ]);
  });
});

describe('readErrorEnvelope', () => {
  it.each([
    [
      'the usual envelope',
      { code: 400, message: 'bad from', requestId: 'r1' },
      { apiMessage: 'bad from', requestId: 'r1' },
    ],
    ['an error string', { error: 'rate limited' }, { apiMessage: 'rate limited' }],
    [
      'a nested error',
      { error: { message: 'boom' }, request_id: 'r2' },
      { apiMessage: 'boom', requestId: 'r2' },
    ],
    ['an empty message', { message: '  ', requestId: '' }, {}],
    ['wrong types', { message: 5, requestId: 7 }, {}],
    ['not an object', 'Internal Server Error', {}],
    ['null', null, {}],
    ['an array', [{ message: 'x' }], {}],
  ])('%s', (_name, body, expected) => {
    expect(readErrorEnvelope(body)).toEqual(expected);
  });

  it('shortens a very long message', () => {
    const { apiMessage } = readErrorEnvelope({ message: 'x'.repeat(5000) });
    expect(apiMessage?.length).toBeLessThanOrEqual(300);
    expect(apiMessage?.endsWith('…')).toBe(true);
  });
});
