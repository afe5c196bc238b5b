import { afterAll, describe, expect, it } from 'vitest';
import {
  StatsInvalidResponseError,
  StatsResponseTooLargeError,
} from '../../../src/stats/errors.js';
import { createOffThreadParser } from '../../../src/stats/off-thread-parser.js';
import { parseStatsResponse, type ResponseContext } from '../../../src/stats/parse-response.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { largeStatsBody, setAt, statsBody } from '../../support/stats-body.js';

/**
 * The worker-thread parser gives what the in-thread path gives: the same Stats for small and large
 * bodies (chunk boundaries crossed in every list), and the same typed errors for invalid ones.
 */

const context: ResponseContext = {
  request: { method: 'GET', url: 'http://stats.test/v1/executions/stats?granularity=hourly' },
  status: 200,
  headerRequestId: 'req-header-7',
};

const bytesOf = (body: unknown) =>
  Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

const logger = recordingLogger();
const parser = createOffThreadParser({ workers: 2, logger });
afterAll(() => parser.close());

/** Both paths on the same bytes (the worker's copy is transferred, so each gets its own). */
async function both(body: unknown) {
  const inThread = parseStatsResponse(bytesOf(body), context);
  const offThread = await parser.parse(bytesOf(body), context);
  return { inThread, offThread };
}

describe('the off-thread parser', () => {
  it('gives the same Stats as the in-thread path for a small body', async () => {
    const { inThread, offThread } = await both(statsBody());
    expect(inThread.ok).toBe(true);
    expect(offThread).toEqual(inThread);
  });

  it('gives the same Stats for a large body, every list longer than a chunk', async () => {
    const body = largeStatsBody({ sources: 12_345, buckets: 4_321, failures: 5_001 });
    const { inThread, offThread } = await both(body);
    if (!inThread.ok || !offThread.ok) throw new Error('expected both to parse');
    expect(offThread.stats.sourceSystems).toHaveLength(12_345);
    expect(offThread.stats.timeSeries).toHaveLength(4_321);
    expect(offThread.stats.recentFailures).toHaveLength(5_001);
    expect(offThread).toEqual(inThread);
    // Sorted as the in-thread path sorts (oldest bucket first, undated ones last), not re-ordered.
    expect(offThread.stats.timeSeries.map((b) => b.bucketStart.raw)).toEqual(
      inThread.stats.timeSeries.map((b) => b.bucketStart.raw),
    );
  });

  it('parses many bodies at once, more than it has workers, each to its own answer', async () => {
    const bodies = [1, 2, 3, 4, 5].map((n) =>
      statsBody({ requestId: `req-${n}`, data: { summary: { total: 10 * n } } }),
    );
    const outcomes = await Promise.all(bodies.map((body) => parser.parse(bytesOf(body), context)));
    expect(outcomes.map((o) => (o.ok ? [o.stats.requestId, o.stats.summary.total] : null))).toEqual(
      [
        ['req-1', 10],
        ['req-2', 20],
        ['req-3', 30],
        ['req-4', 40],
        ['req-5', 50],
      ],
    );
    expect(parser.workers()).toBeLessThanOrEqual(2);
  });

  const invalid: Array<[string, () => unknown]> = [
    ['not JSON', () => '{"code":200,"data":{"summary":'],
    ['JSON but not an object', () => '[1,2,3]'],
    [
      'a wrong type',
      () => {
        const body = statsBody();
        setAt(body, 'data.summary.total', 'many');
        return body;
      },
    ],
    [
      'a bad item deep in a large list',
      () => {
        const body = largeStatsBody({ sources: 6_000, buckets: 100, failures: 100 });
        setAt(body, 'data.sourceSystems.4321.failed', -1);
        return body;
      },
    ],
    [
      'no granularity anywhere',
      () => {
        const body = statsBody();
        setAt(body, 'data.granularity', 'weekly');
        return body;
      },
    ],
  ];

  it.each(invalid)('%s: the same typed error as in the event loop', async (_name, make) => {
    const body = make();
    const url = 'http://stats.test/v1/executions/stats';
    const noGranularity = { ...context, request: { ...context.request, url } };
    const ctx = JSON.stringify(body).includes('weekly') ? noGranularity : context;
    const inThread = parseStatsResponse(bytesOf(body), ctx);
    const offThread = await parser.parse(bytesOf(body), ctx);
    if (inThread.ok || offThread.ok) throw new Error('expected both to refuse the body');
    expect(offThread.error).toBeInstanceOf(StatsInvalidResponseError);
    expect(offThread.error.kind).toBe('invalid-response');
    for (const key of ['message', 'path', 'requestId', 'status', 'method', 'url'] as const) {
      expect(offThread.error[key]).toEqual(inThread.error[key]);
    }
  });

  it('logs when a body goes to a worker and when it is back', async () => {
    const before = logger.entries.length;
    await parser.parse(bytesOf(statsBody()), context);
    const messages = logger.entries.slice(before).map((e) => e.message);
    expect(messages).toEqual([
      'parsing a big stats body in a worker',
      'big stats body parsed in a worker',
    ]);
  });

  it('a caller that gives up while its body waits for a worker gets its reason, others go on', async () => {
    const one = createOffThreadParser({ workers: 1 });
    try {
      const controller = new AbortController();
      const first = one.parse(bytesOf(statsBody({ requestId: 'first' })), context);
      const second = one.parse(bytesOf(statsBody()), context, controller.signal);
      controller.abort(new Error('deadline'));
      await expect(second).rejects.toThrow('deadline');
      const outcome = await first;
      expect(outcome.ok && outcome.stats.requestId).toBe('first');
    } finally {
      await one.close();
    }
  });

  it('a body whose parse needs more memory than a worker may use is refused as too large', async () => {
    const small = createOffThreadParser({ workers: 1, maxHeapMb: 64 });
    try {
      const body = largeStatsBody({ sources: 400_000, buckets: 10, failures: 10 });
      const outcome = await small.parse(bytesOf(body), context);
      if (outcome.ok) throw new Error('expected a refusal');
      expect(outcome.error).toBeInstanceOf(StatsResponseTooLargeError);
      expect(outcome.error.message).toBe(
        `Stats API response is too large to process (it needs more than 64 MiB of memory): GET ${context.request.url}`,
      );
      // The next body gets a fresh worker.
      const next = await small.parse(bytesOf(statsBody()), context);
      expect(next.ok).toBe(true);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('refuses work once closed', async () => {
    const closed = createOffThreadParser();
    await closed.close();
    await expect(closed.parse(bytesOf(statsBody()), context)).rejects.toThrow(/closed/);
  });
});
