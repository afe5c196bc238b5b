import { Counter, type Registry } from 'prom-client';

/**
 * Charts in messages, by outcome: `uploaded` (rendered and uploaded), `reused` (the same picture
 * was uploaded before: its file is shown again), `fallback` (the message showed its text
 * sparkline), and for a fallback why (`render_timeout`, `render_failed`, `upload_timeout`,
 * `missing_scope`, `upload_refused`, `upload_failed`, `charts_paused`); `deleted` and
 * `delete_failed` for an alert root's picture that a newer one replaced. Bounded labels only.
 */
export type ChartOutcome = 'uploaded' | 'reused' | 'fallback' | 'deleted' | 'delete_failed';

export interface ChartMetrics {
  count(outcome: ChartOutcome, reason?: string): void;
}

const counters = new WeakMap<Registry, Counter<'outcome' | 'reason'>>();

/** The counter on `registry`, registered once however many times this is called. */
export function chartMetrics(registry: Registry): ChartMetrics {
  let counter = counters.get(registry);
  if (counter === undefined) {
    counter = new Counter({
      name: 'exec_stats_charts_total',
      help: 'Charts in messages by outcome (uploaded, reused, fallback, deleted, delete_failed) and, for a fallback, why',
      labelNames: ['outcome', 'reason'],
      registers: [registry],
    });
    counters.set(registry, counter);
  }
  const c = counter;
  return { count: (outcome, reason = '') => c.inc({ outcome, reason }) };
}

/** For tests and the CLI: counts nothing. */
export const NO_CHART_METRICS: ChartMetrics = { count: () => {} };
