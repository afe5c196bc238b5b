import { describe, expect, it } from 'vitest';
import { createStatsClient, type StatsClientOptions } from '../../../src/stats/client.js';
import { startStatsServer } from '../../support/stats-server.js';
import { query, rejectionOf, testClient } from './client-helpers.js';

describe('createStatsClient options', () => {
  it.each<[string, Partial<StatsClientOptions>, RegExp]>([
    ['a negative timeout', { timeouts: { headersMs: -1 } }, /headersMs/],
    ['a NaN timeout', { timeouts: { totalMs: Number.NaN } }, /totalMs/],
    ['a negative retry count', { retries: { maxRetries: -2 } }, /maxRetries/],
    ['a bad base URL', { baseUrl: 'nope' }, /base URL/],
  ])('refuses %s at creation', (_name, overrides, message) => {
    expect(() =>
      createStatsClient({ baseUrl: 'http://127.0.0.1:9', token: 't', ...overrides }),
    ).toThrow(message);
  });

  it('keeps the defaults for options given as undefined (3 attempts)', async () => {
    const server = await startStatsServer(() => ({ status: 503 }));
    const { client } = testClient(server.url, {
      timeouts: { headersMs: undefined },
      retries: { maxRetries: undefined },
    });
    try {
      const error = await rejectionOf(client.getStats(query));
      expect(error).toMatchObject({ status: 503, attempts: 3 });
      expect(server.calls).toHaveLength(3);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
