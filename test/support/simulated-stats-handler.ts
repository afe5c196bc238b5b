import { simulateStatsResponse } from '../../src/stats/simulator/respond.js';
import type { ScenarioName } from '../../src/stats/simulator/scenarios.js';
import type { Granularity } from '../../src/stats/types.js';
import type { StatsServerHandler } from './stats-server.js';

export interface SimulatedHandlerOptions {
  readonly seed?: number;
  readonly scenario?: ScenarioName;
  /** Fixed, so that every query sees the same scenario timeline. */
  readonly anchor?: number;
  readonly now?: () => number;
}

/** A stats server handler that answers as the real API would, with the simulator's data. */
export function simulatedStatsHandler(options: SimulatedHandlerOptions = {}): StatsServerHandler {
  const now = options.now ?? Date.now;
  const anchor = options.anchor ?? now() - 10 * 60_000;
  return (call) => {
    const { from, to, granularity } = call.query;
    if (from === null || to === null || (granularity !== 'hourly' && granularity !== 'daily')) {
      return { status: 400, body: { code: 400, message: 'bad parameters', requestId: 'sim-400' } };
    }
    const response = simulateStatsResponse(
      { from, to, granularity: granularity as Granularity },
      {
        seed: options.seed ?? 7,
        ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
        anchor,
        now: now(),
      },
    );
    return { status: response.status, body: response.body };
  };
}
