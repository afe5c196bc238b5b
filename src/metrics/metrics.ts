import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What an operator watches, in Prometheus' text format at `GET /metrics` (prom-client). One
 * registry per app, never the library's global one, so tests and the CLI can build as many as
 * they like. Label values are bounded: methods and error codes Slack defines, outcomes and kinds
 * this code names; never a channel, user or digest name.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Requests Slack sent us (commands, buttons, events) by HTTP status, and how long we took. */
  readonly slackRequestSeconds: Histogram<'status'>;
  /** Stats queries answered (by the API or the short cache), by outcome, and their duration. */
  readonly statsQuerySeconds: Histogram<'outcome'>;
  /** Calls to Slack's Web API by method and outcome (`ok`, Slack's error code, `http_503`, …). */
  readonly slackCalls: Counter<'method' | 'outcome'>;
  /** Digest and alert deliveries by outcome (`posted`, `retry`, `held`, `dropped`, …). */
  readonly deliveries: Counter<'kind' | 'outcome'>;
  /** Alert notifications held because Slack refused them until someone acts. */
  readonly alertsHeld: Gauge;
  readonly digestRuns: Counter<'outcome'>;
  readonly alertCycleSeconds: Histogram;
  /** Alert rules by state (`ok`, `pending`, `firing`), after the latest cycle. */
  readonly alertRules: Gauge<'state'>;
  /** 1 while this replica holds the alert lease (evaluates the rules, delivers the outbox), else 0. */
  readonly alertLeaseHeld: Gauge;
  /** What `/readyz` says, as a number: 1 ready, 0 not (starting, stopping, state DB unusable). */
  readonly ready: Gauge;
}

export interface MetricsOptions {
  /** Node's process metrics (memory, event loop lag, handles): on for the bot, off in tests. */
  readonly processMetrics?: boolean;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    slackRequestSeconds: new Histogram({
      name: 'exec_stats_slack_request_duration_seconds',
      help: 'Requests from Slack (commands, buttons, events) until answered (the ack), by HTTP status',
      labelNames: ['status'],
      buckets: SECONDS,
      registers,
    }),
    statsQuerySeconds: new Histogram({
      name: 'exec_stats_stats_query_duration_seconds',
      help: 'Stats queries (the API, or its short cache) by outcome: ok or the error kind',
      labelNames: ['outcome'],
      buckets: SECONDS,
      registers,
    }),
    slackCalls: new Counter({
      name: 'exec_stats_slack_api_calls_total',
      help: "Calls to Slack's Web API by method and outcome (ok, Slack's error code, http_<status>, rate_limited, network)",
      labelNames: ['method', 'outcome'],
      registers,
    }),
    deliveries: new Counter({
      name: 'exec_stats_deliveries_total',
      help: 'Digest and alert deliveries by outcome (posted, already_posted, retry, held, dropped, refused)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    alertsHeld: new Gauge({
      name: 'exec_stats_alerts_held',
      help: 'Alert notifications Slack refused until someone acts (e.g. the bot is not in the channel)',
      registers,
    }),
    digestRuns: new Counter({
      name: 'exec_stats_digest_runs_total',
      help: 'Digest runs by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    alertCycleSeconds: new Histogram({
      name: 'exec_stats_alert_cycle_duration_seconds',
      help: 'One alert evaluation cycle: fetch the windows, evaluate every rule, save',
      buckets: SECONDS,
      registers,
    }),
    alertRules: new Gauge({
      name: 'exec_stats_alert_rules',
      help: 'Alert rules by state after the latest cycle (ok, pending, firing)',
      labelNames: ['state'],
      registers,
    }),
    alertLeaseHeld: new Gauge({
      name: 'exec_stats_alert_lease_held',
      help: 'Whether this replica holds the alert lease: evaluates the alert rules and delivers the alert outbox (1) or not (0)',
      registers,
    }),
    ready: new Gauge({
      name: 'exec_stats_ready',
      help: 'What /readyz says: 1 ready, 0 starting, stopping or unable to work (e.g. the state DB cannot be reached)',
      registers,
    }),
  };
}
