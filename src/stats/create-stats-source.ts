import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { createStatsClient } from './client.js';
import { WEEKDAY_BUSY_HOUR } from './simulator/scenarios.js';
import { createSimulatedStatsSource } from './simulator/simulated-source.js';
import type { StatsSource } from './types.js';

export type ClosableStatsSource = StatsSource & { close(): Promise<void> };

/** The real API client, or the built-in simulator when `EXEC_STATS_SIMULATOR=1`. */
export function createStatsSource(
  config: Config['stats'],
  deps: { readonly clock: Clock; readonly logger: Logger },
): ClosableStatsSource {
  if (config.kind === 'api') {
    return createStatsClient({
      baseUrl: config.url,
      token: config.token,
      clock: deps.clock,
      logger: deps.logger.child({ component: 'stats-client' }),
    });
  }
  deps.logger.info('using the built-in stats simulator', {
    seed: config.seed,
    scenario: config.scenario,
  });
  const simulated = createSimulatedStatsSource({
    seed: config.seed,
    // A scenario is played with a weekday's busy traffic, so trying `spike` on a Sunday evening
    // still shows the alert it is meant to show; steady traffic keeps the real hour's volume.
    ...(config.scenario === null
      ? {}
      : { scenario: config.scenario, trafficAt: WEEKDAY_BUSY_HOUR }),
    clock: deps.clock,
  });
  return {
    getStats: (query, options) => simulated.getStats(query, options),
    close: async () => {},
  };
}
