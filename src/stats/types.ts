/**
 * The stats API's data as the rest of the bot sees it: validated, normalised, and with every
 * timestamp kept both as the provider's string (shown as given when it cannot be parsed) and as
 * Unix milliseconds (null when it cannot). Rates are never taken from the API's `successRate`,
 * whose scale is unspecified: they are computed from the counts where they are shown.
 */

export type Granularity = 'hourly' | 'daily';

/** One request to `GET /v1/executions/stats`. `from` inclusive, `to` exclusive, Unix ms. */
export interface StatsQuery {
  readonly from: number;
  readonly to: number;
  readonly granularity: Granularity;
}

/** Terminal statuses; every other status (known or new) counts as in progress or "other". */
export const TERMINAL_STATUSES = [
  'workflow_succeeded',
  'workflow_failed',
  'workflow_cancelled',
] as const;

export const KNOWN_STATUSES = [
  'awaiting_payment',
  'payment_confirmed',
  'workflow_queued',
  'workflow_running',
  'workflow_waiting',
  ...TERMINAL_STATUSES,
] as const;

export type KnownStatus = (typeof KNOWN_STATUSES)[number];

export interface StatsSummary {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly inProgress: number;
  /** succeeded + failed + cancelled as the API reports it. */
  readonly terminal: number;
  /** null when the API gave none or no execution finished. */
  readonly averageDurationMs: number | null;
}

export interface StatusCount {
  /** As the API sent it; may be a status this bot does not know yet. */
  readonly status: string;
  readonly count: number;
}

export interface SourceSystemStats {
  readonly sourceSystem: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
}

/** A provider timestamp: the raw string, and its instant when it parses (ISO 8601 or numeric ms). */
export interface Timestamp {
  readonly raw: string;
  readonly ms: number | null;
}

export interface TimeBucket {
  readonly bucketStart: Timestamp;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
}

export interface FailedExecution {
  readonly executionId: string;
  readonly runId: string | null;
  readonly workflowId: string | null;
  readonly sourceSystem: string | null;
  readonly status: string;
  readonly statusReason: string | null;
  readonly createdAt: Timestamp | null;
  /** Missing or empty on a failure that has no finish time yet. */
  readonly finishedAt: Timestamp | null;
}

export interface Stats {
  /** The API's requestId, for support and for the message footer; null when it sent none. */
  readonly requestId: string | null;
  readonly granularity: Granularity;
  readonly summary: StatsSummary;
  readonly statuses: readonly StatusCount[];
  readonly sourceSystems: readonly SourceSystemStats[];
  /** Sorted by bucket start, oldest first (unparseable starts keep their API order, last). */
  readonly timeSeries: readonly TimeBucket[];
  /** Sorted newest first by finishedAt, else createdAt; undated ones last. */
  readonly recentFailures: readonly FailedExecution[];
}

export interface GetStatsOptions {
  readonly signal?: AbortSignal;
  /**
   * The oldest cached answer this caller accepts (stats/cached-source.ts); by default the cache's
   * TTL (5 s). Digests and alert baselines accept older ones.
   */
  readonly maxAgeMs?: number;
}

/** Anything that answers stats queries: the HTTP client, the simulator, a test double. */
export interface StatsSource {
  getStats(query: StatsQuery, options?: GetStatsOptions): Promise<Stats>;
}
