import type { StatsSource } from '../stats/types.js';
import type { Metrics } from './metrics.js';

/** The stats source, timing each query and labelling it ok or with its error's kind. */
export function timeStatsQueries(source: StatsSource, metrics: Metrics): StatsSource {
  return {
    async getStats(query, options) {
      const stop = metrics.statsQuerySeconds.startTimer();
      try {
        const stats = await source.getStats(query, options);
        stop({ outcome: 'ok' });
        return stats;
      } catch (error) {
        const kind = (error as { kind?: unknown }).kind;
        stop({ outcome: typeof kind === 'string' ? kind : 'error' });
        throw error;
      }
    },
  };
}
