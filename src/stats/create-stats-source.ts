import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { createCachedSource } from './cached-source.js';
import { createStatsClient, type StatsClient } from './client.js';
import type { ScenarioName } from './scenario-names.js';

/**
 * Where stats come from: what this module needs of the config's `stats` (the config's type matches
 * it), declared here so the stats layer does not depend on the config layer above it.
 */
export type StatsSourceOptions =
  /** `url` has no trailing slash: the part before `/v1/…`. */
  | { readonly kind: 'api'; readonly url: string; readonly token: string }
  | { readonly kind: 'simulator'; readonly seed: number; readonly scenario: ScenarioName | null };

/**
 * The real API client, or the built-in simulator when `EXEC_STATS_SIMULATOR=1`. The simulator is a
 * developer tool (src/dev/): it is loaded here, with `import()`, only when the config asks for it,
 * and no production module imports it otherwise. Either way the source has the one stats cache
 * (cached-source.ts): the client holds it; the simulator is wrapped in it with no TTL of its own
 * (it answers in-process, so a command still gets fresh numbers), which keeps what digests and
 * alert baselines share.
 */
export async function createStatsSource(
  config: StatsSourceOptions,
  deps: { readonly clock: Clock; readonly logger: Logger },
): Promise<StatsClient> {
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
  const [{ createSimulatedStatsSource }, { WEEKDAY_BUSY_HOUR }] = await Promise.all([
    import('../dev/simulator/simulated-source.js'),
    import('../dev/simulator/scenarios.js'),
  ]);
  const simulated = createSimulatedStatsSource({
    seed: config.seed,
    // A scenario is played with a weekday's busy traffic, so trying `spike` on a Sunday evening
    // still shows the alert it is meant to show; steady traffic keeps the real hour's volume.
    ...(config.scenario === null
      ? {}
      : { scenario: config.scenario, trafficAt: WEEKDAY_BUSY_HOUR }),
    clock: deps.clock,
  });
  const cached = createCachedSource(simulated, { clock: deps.clock, ttlMs: 0 });
  return {
    getStats: (query, options) => cached.getStats(query, options),
    close: async () => cached.clear(),
  };
}
