import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { createOffThreadParser } from '../../../src/stats/off-thread-parser.js';
import { parseStatsResponse } from '../../../src/stats/parse-response.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { statsBody } from '../../support/stats-body.js';

/** A broken install (the worker cannot load): big bodies are parsed in the event loop, as before. */
vi.mock('../../../src/stats/body-worker-thread.js', () => ({
  startBodyWorker: () =>
    new Worker('throw new Error("cannot load the body worker")', { eval: true }),
}));

const context = {
  request: { method: 'GET', url: 'http://stats.test/v1/executions/stats?granularity=hourly' },
  status: 200,
  headerRequestId: undefined,
};

describe('the off-thread parser without a worker', () => {
  it('parses in the event loop, gives the same answer, and says so once', async () => {
    const logger = recordingLogger();
    const parser = createOffThreadParser({ workers: 1, logger });
    try {
      const bytes = () => Buffer.from(JSON.stringify(statsBody()));
      const first = await parser.parse(bytes(), context);
      const second = await parser.parse(bytes(), context);
      expect(first).toEqual(parseStatsResponse(bytes(), context));
      expect(second).toEqual(first);
      const errors = logger.entries.filter((e) => e.level === 'error');
      expect(errors.map((e) => e.message)).toEqual([
        'the stats body worker did not start; big bodies are parsed in the event loop',
      ]);
      expect(String(errors[0]?.fields?.error)).toContain('cannot load the body worker');
      expect(parser.workers()).toBe(0);
    } finally {
      await parser.close();
    }
  });
});
