import { describe, expect, it } from 'vitest';
import {
  StatsInvalidResponseError,
  StatsResponseTooLargeError,
} from '../../../src/stats/errors.js';
import { largeStatsBody, setAt } from '../../support/stats-body.js';
import { query, rejectionOf, testClient, useStatsServer } from './client-helpers.js';

/**
 * Big bodies through the client: parsed in a worker from `offThreadFromBytes` on, with the same
 * answer and the same errors as in the event loop, and a body over the cap still refused.
 */

const stats = useStatsServer();
const OFF_THREAD_FROM = 64 * 1024;
/** ~1 MB on the wire: over the threshold, several chunks in every list. */
const body = largeStatsBody({ sources: 6_000, buckets: 2_500, failures: 2_200 });
const bytes = Buffer.from(JSON.stringify(body));

function clients(overrides: Parameters<typeof testClient>[1] = {}) {
  const worker = stats.track(
    testClient(stats.server.url, { offThreadFromBytes: OFF_THREAD_FROM, ...overrides }),
  );
  const inThread = stats.track(
    testClient(stats.server.url, {
      offThreadFromBytes: Number.POSITIVE_INFINITY,
      ...overrides,
    }),
  );
  return { worker, inThread };
}

const workerLogs = (logger: { entries: { message: string }[] }) =>
  logger.entries.filter((e) => e.message.includes('in a worker')).map((e) => e.message);

describe('big bodies through the stats client', () => {
  it.each([
    ['with a content-length', false],
    ['chunked, without one', true],
  ])('%s: the same Stats as in the event loop, parsed in a worker', async (_name, chunked) => {
    stats.server.setHandler(() => ({ body: bytes, chunked }));
    const { worker, inThread } = clients();
    const fromWorker = await worker.client.getStats(query);
    const fromEventLoop = await inThread.client.getStats(query);
    expect(fromWorker.sourceSystems).toHaveLength(6_000);
    expect(fromWorker).toEqual(fromEventLoop);
    expect(workerLogs(worker.logger)).toEqual([
      'parsing a big stats body in a worker',
      'big stats body parsed in a worker',
    ]);
    expect(workerLogs(inThread.logger)).toEqual([]);
  });

  it('a small body stays in the event loop', async () => {
    const { worker } = clients();
    await worker.client.getStats(query);
    expect(workerLogs(worker.logger)).toEqual([]);
  });

  it('an invalid big body: the same typed error, not retried', async () => {
    const invalid = largeStatsBody({ sources: 6_000, buckets: 2_500, failures: 2_200 });
    setAt(invalid, 'data.timeSeries.2400.total', 'lots');
    stats.server.setHandler(() => ({ body: invalid }));
    const { worker, inThread } = clients();
    const fromWorker = await rejectionOf(worker.client.getStats(query));
    const fromEventLoop = await rejectionOf(inThread.client.getStats(query));
    expect(fromWorker).toBeInstanceOf(StatsInvalidResponseError);
    expect((fromWorker as Error).message).toBe((fromEventLoop as Error).message);
    expect((fromWorker as StatsInvalidResponseError).path).toBe('data.timeSeries[2400].total');
    expect(stats.server.calls).toHaveLength(2); // one each
  });

  it('a big body that is not JSON: the same error, with the header requestId', async () => {
    const broken = Buffer.from(bytes.subarray(0, bytes.length - 10));
    stats.server.setHandler(() => ({ body: broken, headers: { 'x-request-id': 'req-hdr' } }));
    const { worker, inThread } = clients();
    const fromWorker = (await rejectionOf(
      worker.client.getStats(query),
    )) as StatsInvalidResponseError;
    const fromEventLoop = (await rejectionOf(inThread.client.getStats(query))) as Error;
    expect(fromWorker).toBeInstanceOf(StatsInvalidResponseError);
    expect(fromWorker.message).toBe(fromEventLoop.message);
    expect(fromWorker.message).toMatch(/^Stats API response is not valid JSON/);
    expect([fromWorker.path, fromWorker.requestId, fromWorker.status]).toEqual([
      '(body)',
      'req-hdr',
      200,
    ]);
  });

  it.each([
    ['declared', false, /response declared \d+ bytes, more than 524288/],
    ['chunked', true, /response body exceeded 524288 bytes/],
  ])(
    'a body over the cap (%s) is refused as too large, before any parse',
    async (_name, chunked, reason) => {
      stats.server.setHandler(() => ({ body: bytes, chunked }));
      const { worker } = clients({ maxResponseBytes: 512 * 1024 });
      const error = await rejectionOf(worker.client.getStats(query));
      expect(error).toBeInstanceOf(StatsResponseTooLargeError);
      expect((error as StatsResponseTooLargeError).kind).toBe('too-large');
      expect((error as Error).message).toMatch(/^Stats API response is too large \(/);
      expect((error as Error).message).toMatch(reason);
      expect(workerLogs(worker.logger)).toEqual([]);
      expect(stats.server.calls).toHaveLength(1);
    },
  );

  it('more big bodies at once than it holds: each waits its turn and all are answered', async () => {
    stats.server.setHandler((_call, index) => ({
      body: Buffer.from(JSON.stringify({ ...body, requestId: `req-${index}` })),
      chunked: index % 2 === 1,
    }));
    const { worker } = clients({ offThread: { workers: 1, admitted: 1 } });
    const windows = [1, 2, 3, 4].map((day) => ({
      ...query,
      from: query.from + day * 86_400_000,
      to: query.to + day * 86_400_000,
    }));
    const answers = await Promise.all(windows.map((w) => worker.client.getStats(w)));
    expect(answers.map((a) => a.requestId).sort()).toEqual(['req-0', 'req-1', 'req-2', 'req-3']);
    expect(answers.every((a) => a.sourceSystems.length === 6_000)).toBe(true);
  });
});
