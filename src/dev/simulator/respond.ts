/**
 * Answers a stats query the way the real API does (`GET /v1/executions/stats`): the same
 * envelope and `data` shape, buckets aligned to UTC hours or days, and the latest failures.
 * Pure: `now` is an option, so tests, the demo, the e2e stats server and alert replays all get
 * the same answer for the same (seed, scenario, anchor, now, query).
 *
 * Choices where the API page is silent: `successRate` is a percentage (0–100, two decimals);
 * `statuses` and `sourceSystems` list only non-zero entries, sources busiest first; the time
 * series has every bucket from the one containing `from` to the one containing the (cut) end,
 * empty ones included; `recentFailures` holds the latest 50 failures by finish time, newest first.
 */

import { KNOWN_STATUSES, type KnownStatus, type StatsQuery } from '../../stats/types.js';
import { createTrafficModel, executionIds, type TrafficModel } from './model.js';
import { hexId, mix, seedState } from './random.js';
import { type ScenarioName, scenarioDefinition } from './scenarios.js';
import { SOURCES } from './sources.js';
import { type FailureRef, tallyWindow, type WindowTally } from './tally.js';

export interface SimulatorOptions {
  readonly seed: number;
  /** Default `steady`. */
  readonly scenario?: ScenarioName;
  /**
   * When the scenario's disturbance starts, Unix ms. Default: the scenario's lead before `now`
   * (e.g. 10 min for `spike`), so a single query shows it; pass a fixed anchor whenever several
   * queries at different `now`s must agree.
   */
  readonly anchor?: number;
  /** The simulated present: nothing starts at or after it. */
  readonly now: number;
  /**
   * The instant whose traffic the anchor plays: the daily and weekly volume curve is shifted by
   * `trafficAt - anchor`, so a scenario looks the same whatever hour and weekday it is played at
   * (the demo and tests pass a weekday's busy hour). Default: the anchor's own traffic.
   */
  readonly trafficAt?: number;
}

export interface SimulatedResponse {
  /** HTTP status the API would answer with: 200, 400 (bad query) or 503 (simulated outage). */
  readonly status: 200 | 400 | 503;
  readonly body: unknown;
}

export const RECENT_FAILURES_LIMIT = 50;
const BUCKET_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;
/** Far beyond the bot's 90-day limit; only stops a runaway query from spinning for minutes. */
const MAX_SPAN_MS = 400 * 86_400_000;

/**
 * The 200 body for `query`, whatever the scenario does to the API itself (see
 * simulateStatsResponse for that). Throws RangeError for a query the API would reject with 400.
 */
export function simulateStatsBody(query: StatsQuery, options: SimulatorOptions): unknown {
  checkQuery(query);
  const scenario = scenarioDefinition(options.scenario);
  const anchor = resolveAnchor(options);
  const volumeShiftMs = options.trafficAt === undefined ? 0 : options.trafficAt - anchor;
  const model = createTrafficModel(options.seed, scenario.effects(anchor), volumeShiftMs);
  const bucketMs = BUCKET_MS[query.granularity];
  const from = query.from;
  const to = Math.min(query.to, options.now);
  const bucketOrigin = Math.floor(from / bucketMs) * bucketMs;
  const bucketCount = to > from ? Math.ceil((to - bucketOrigin) / bucketMs) : 0;
  const tally = tallyWindow(model, {
    from,
    to,
    now: options.now,
    bucketOrigin,
    bucketMs,
    bucketCount,
  });

  const { summary } = tally;
  const terminal = summary.succeeded + summary.failed + summary.cancelled;
  return {
    code: 200,
    message: 'success',
    requestId: requestIdFor(model, query, options.now),
    data: {
      granularity: query.granularity,
      summary: {
        total: summary.total,
        succeeded: summary.succeeded,
        failed: summary.failed,
        cancelled: summary.cancelled,
        inProgress: summary.inProgress,
        terminal,
        successRate: terminal === 0 ? 0 : Math.round((summary.succeeded / terminal) * 10_000) / 100,
        averageDurationMs: terminal === 0 ? 0 : Math.round(summary.terminalDurationMs / terminal),
      },
      statuses: KNOWN_STATUSES.map((status) => ({
        status,
        count: statusCount(tally, status),
      })).filter((s) => s.count > 0),
      sourceSystems: tally.sources
        .map((counts, index) => ({
          sourceSystem: SOURCES[index]?.name ?? `source-${index}`,
          ...counts,
        }))
        .filter((s) => s.total > 0)
        .sort((a, b) => b.total - a.total || a.sourceSystem.localeCompare(b.sourceSystem)),
      timeSeries: tally.buckets.map((counts, i) => ({
        bucketStart: new Date(bucketOrigin + i * bucketMs).toISOString(),
        ...counts,
      })),
      recentFailures: latestFailures(tally.failures).map((f) => failureJson(model, f)),
    },
  };
}

/** The whole HTTP answer: 503 during an `outage`, 400 for a bad query, else 200 with the body. */
export function simulateStatsResponse(
  query: StatsQuery,
  options: SimulatorOptions,
): SimulatedResponse {
  // Error answers have no valid query to name; their ID depends on the seed and the instant only.
  const requestId = `sim-${hexId(mix(seedState(options.seed), seconds(options.now)))}`;
  if (isSimulatedOutage(options)) {
    return {
      status: 503,
      body: { code: 503, message: 'Service Unavailable (simulated outage)', requestId },
    };
  }
  try {
    return { status: 200, body: simulateStatsBody(query, options) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { status: 400, body: { code: 400, message: error.message, requestId } };
  }
}

/** Whether the scenario has the API itself down at `options.now`. */
export function isSimulatedOutage(options: SimulatorOptions): boolean {
  const scenario = scenarioDefinition(options.scenario);
  return scenario.effects(resolveAnchor(options)).apiDown(options.now);
}

export function resolveAnchor(options: SimulatorOptions): number {
  return options.anchor ?? options.now - scenarioDefinition(options.scenario).defaultLeadMs;
}

function checkQuery(query: StatsQuery): void {
  const { from, to, granularity } = query;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
    throw new RangeError('from and to must be integers (Unix milliseconds)');
  }
  if (from > to) throw new RangeError('from must not be after to');
  if (to - from > MAX_SPAN_MS) throw new RangeError('the window is too long');
  if (!Object.hasOwn(BUCKET_MS, granularity)) {
    throw new RangeError('granularity must be hourly or daily');
  }
}

function statusCount(tally: WindowTally, status: KnownStatus): number {
  if (status === 'workflow_succeeded') return tally.summary.succeeded;
  if (status === 'workflow_failed') return tally.summary.failed;
  if (status === 'workflow_cancelled') return tally.summary.cancelled;
  return tally.inProgressStatuses.get(status) ?? 0;
}

function latestFailures(failures: readonly FailureRef[]): FailureRef[] {
  return [...failures]
    .sort((a, b) => b.finishedAt - a.finishedAt || b.start - a.start || a.source - b.source)
    .slice(0, RECENT_FAILURES_LIMIT);
}

function failureJson(model: TrafficModel, failure: FailureRef) {
  const source = SOURCES[failure.source];
  return {
    ...executionIds(model, failure.source, failure.slot, failure.index),
    sourceSystem: source?.name ?? `source-${failure.source}`,
    status: 'workflow_failed',
    statusReason: source?.reasons[failure.reason]?.text ?? 'Unknown error',
    createdAt: new Date(failure.start).toISOString(),
    finishedAt: new Date(failure.finishedAt).toISOString(),
  };
}

function requestIdFor(model: TrafficModel, query: StatsQuery, now: number): string {
  const kind = query.granularity === 'hourly' ? 1 : 2;
  const key = [seconds(query.from), seconds(query.to), seconds(now), kind].reduce(mix, model.state);
  return `sim-${hexId(key)}`;
}

/** Instants in whole seconds fit the hash's 32-bit keys until 2106. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
