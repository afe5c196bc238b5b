import { describe, expect, it } from 'vitest';
import { StatsInvalidResponseError } from '../../../src/stats/errors.js';
import { parseStatsResponse } from '../../../src/stats/parse-response.js';
import {
  chunksOf,
  createAssembler,
  headOf,
  invalidFromWire,
  invalidToWire,
} from '../../../src/stats/worker-protocol.js';
import { largeStatsBody } from '../../support/stats-body.js';

const context = {
  request: { method: 'GET', url: 'http://stats.test/v1/executions/stats?granularity=hourly' },
  status: 200,
  headerRequestId: undefined,
};

describe('the body worker protocol', () => {
  it('Stats cut into chunks and put back together are the same Stats', () => {
    const body = largeStatsBody({ sources: 2_501, buckets: 7, failures: 4_000 });
    const parsed = parseStatsResponse(Buffer.from(JSON.stringify(body)), context);
    if (!parsed.ok) throw parsed.error;
    const chunks = [...chunksOf(parsed.stats, 1_000)];
    // 3 + 1 + 4 chunks, plus one for the statuses; an empty list sends none.
    expect(chunks.map((c) => c.list)).toEqual([
      'statuses',
      'sourceSystems',
      'sourceSystems',
      'sourceSystems',
      'timeSeries',
      'recentFailures',
      'recentFailures',
      'recentFailures',
      'recentFailures',
    ]);
    const assembler = createAssembler(headOf(parsed.stats));
    for (const chunk of chunks) assembler.add(chunk);
    expect(assembler.stats()).toEqual(parsed.stats);
  });

  it('an invalid-body error sent as data comes back as the same class and message', () => {
    const error = new StatsInvalidResponseError('Stats API response is invalid at data.x: bad', {
      ...context.request,
      status: 200,
      path: 'data.x',
      requestId: 'req-9',
    });
    const rebuilt = invalidFromWire(structuredClone(invalidToWire(error)));
    expect(rebuilt).toBeInstanceOf(StatsInvalidResponseError);
    expect(rebuilt.message).toBe(error.message);
    expect([rebuilt.path, rebuilt.requestId, rebuilt.status, rebuilt.url]).toEqual([
      'data.x',
      'req-9',
      200,
      context.request.url,
    ]);
  });
});
