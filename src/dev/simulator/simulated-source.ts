/**
 * The simulator as a StatsSource, for `npm run demo`, `EXEC_STATS_SIMULATOR=1 npm start` and
 * tests. Its bodies go through the same parser as the real client's (parseStatsBody), so the bot
 * downstream cannot tell the difference, and a simulator bug that breaks the documented shape
 * fails loudly instead of hiding a parser gap. Errors are the real client's error classes too.
 */

import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../clock.js';
import { StatsHttpError, StatsNetworkError } from '../../stats/errors.js';
import { parseStatsBody, readErrorEnvelope } from '../../stats/schema.js';
import type { GetStatsOptions, Stats, StatsQuery, StatsSource } from '../../stats/types.js';
import { simulateStatsResponse } from './respond.js';
import { type ScenarioName, scenarioDefinition } from './scenarios.js';

export interface SimulatedStatsSourceOptions {
  /** Default 1. */
  readonly seed?: number;
  /** Default `steady`. */
  readonly scenario?: ScenarioName;
  /** When the scenario starts, Unix ms. Default: `clock.now()` when the source is created, so a
   *  bot started with a scenario lives through it from the beginning. */
  readonly anchor?: number;
  /** The instant whose traffic volume the anchor plays (see SimulatorOptions.trafficAt). */
  readonly trafficAt?: number;
  readonly clock: Clock;
  /** Simulated response time; default 0 (answers at once). */
  readonly latencyMs?: number;
  /** Waits `latencyMs`; must reject when the signal aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const METHOD = 'GET';

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal ? { signal } : {});

export function createSimulatedStatsSource(options: SimulatedStatsSourceOptions): StatsSource {
  const { clock } = options;
  const seed = options.seed ?? 1;
  const scenario = options.scenario ?? 'steady';
  scenarioDefinition(scenario); // fail at start-up, not at the first query
  const anchor = options.anchor ?? clock.now();
  const traffic = options.trafficAt === undefined ? {} : { trafficAt: options.trafficAt };
  const latencyMs = options.latencyMs ?? 0;
  const sleep = options.sleep ?? defaultSleep;

  return {
    async getStats(query: StatsQuery, getOptions: GetStatsOptions = {}): Promise<Stats> {
      const { signal } = getOptions;
      if (signal?.aborted) throw signal.reason;
      if (latencyMs > 0) {
        // Like the real client: an abort rejects with the caller's reason, whatever the sleep threw.
        await sleep(latencyMs, signal).catch((error: unknown) => {
          throw signal?.aborted ? signal.reason : error;
        });
      }
      if (signal?.aborted) throw signal.reason;

      const url = simulatorUrl(query);
      const now = clock.now();
      const response = simulateStatsResponse(query, { seed, scenario, anchor, now, ...traffic });
      if (response.status === 503) {
        // The real client sees an unreachable API as a network error, not as an HTTP answer.
        throw new StatsNetworkError('Could not reach the stats API (simulated outage)', {
          method: METHOD,
          url,
        });
      }
      if (response.status !== 200) {
        throw new StatsHttpError(`Stats API answered ${response.status}`, {
          method: METHOD,
          url,
          status: response.status,
          ...readErrorEnvelope(response.body),
        });
      }
      return parseStatsBody(response.body, { method: METHOD, url });
    },
  };
}

/** `simulator://v1/executions/stats?from=…&to=…&granularity=…`, shown in errors and logs. */
export function simulatorUrl(query: StatsQuery): string {
  const params = new URLSearchParams({
    from: String(query.from),
    to: String(query.to),
    granularity: query.granularity,
  });
  return `simulator://v1/executions/stats?${params.toString()}`;
}
