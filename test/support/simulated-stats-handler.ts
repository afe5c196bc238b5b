import { simulateStatsResponse } from '../../src/dev/simulator/respond.js';
import { type ScenarioName, WEEKDAY_BUSY_HOUR } from '../../src/dev/simulator/scenarios.js';
import type { Granularity } from '../../src/stats/types.js';
import type { StatsServerHandler } from './stats-server.js';

export interface SimulatedHandlerOptions {
  readonly seed?: number;
  readonly scenario?: ScenarioName;
  /** Fixed, so that every query sees the same scenario timeline. */
  readonly anchor?: number;
  /**
   * The instant whose traffic volume the anchor plays. Default: a weekday's busy hour, so what a
   * test sees does not depend on the hour or weekday it runs at (billing on a Sunday evening has
   * too few executions for a spike to reach an alert's `minFailures`).
   */
  readonly trafficAt?: number;
  readonly now?: () => number;
}

/**
 * A stats server handler that answers as the real API would, with the simulator's data. The bot
 * under test asks for windows relative to the real clock, so `now` is the real clock; the anchor
 * is fixed when the handler is made, and the traffic is always a weekday's busy hour's.
 */
export function simulatedStatsHandler(options: SimulatedHandlerOptions = {}): StatsServerHandler {
  const now = options.now ?? Date.now;
  const anchor = options.anchor ?? now() - 10 * 60_000;
  const trafficAt = options.trafficAt ?? WEEKDAY_BUSY_HOUR;
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
        trafficAt,
        now: now(),
      },
    );
    return { status: response.status, body: response.body };
  };
}
