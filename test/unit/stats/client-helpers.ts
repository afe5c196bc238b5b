import { afterEach, beforeEach } from 'vitest';
import {
  createStatsClient,
  type StatsClient,
  type StatsClientOptions,
} from '../../../src/stats/client.js';
import type { StatsQuery } from '../../../src/stats/types.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { type StatsServer, startStatsServer } from '../../support/stats-server.js';

/** Shared set-up of the client tests: a recording logger and sleep, no real backoff waits. */

export const TOKEN = 'test-token-do-not-log-5f2c';

export const query: StatsQuery = {
  from: Date.UTC(2026, 10, 1, 9),
  to: Date.UTC(2026, 10, 2, 9),
  granularity: 'hourly',
};

/** A client against `baseUrl` whose waits between retries are recorded, not slept. */
export function testClient(baseUrl: string, overrides: Partial<StatsClientOptions> = {}) {
  const sleeps: number[] = [];
  const logger = recordingLogger();
  const client = createStatsClient({
    baseUrl,
    token: TOKEN,
    logger,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { client, sleeps, logger };
}

/** The rejection of a promise, to inspect its fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * A fresh stats server per test and every client made in it closed after: the set-up shared by the
 * client test files. Call at the top level of a test file.
 */
export function useStatsServer(): {
  readonly server: StatsServer;
  track<T extends { client: StatsClient }>(made: T): T;
} {
  let current: StatsServer | undefined;
  const clients: StatsClient[] = [];
  beforeEach(async () => {
    current = await startStatsServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await current?.close();
  });
  return {
    get server() {
      if (current === undefined) throw new Error('useStatsServer: only inside a test');
      return current;
    },
    track(made) {
      clients.push(made.client);
      return made;
    },
  };
}
