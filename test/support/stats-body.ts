/**
 * Bodies of the stats API as the provider sends them (wire format: src/stats/schema.ts),
 * for the fake stats server and for tests that feed the schema directly.
 */

export interface WireSummary {
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  inProgress: number;
  terminal: number;
  successRate: number;
  averageDurationMs: number;
}

export interface WireFailure {
  executionId: string;
  runId?: string;
  workflowId?: string;
  sourceSystem?: string;
  status: string;
  statusReason?: string;
  createdAt?: string;
  finishedAt?: string;
}

export interface WireBucket {
  bucketStart: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface WireSourceSystem {
  sourceSystem: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface WireStatsBody {
  code: number;
  message: string;
  requestId: string;
  data: {
    granularity: string;
    summary: WireSummary;
    statuses: Array<{ status: string; count: number }>;
    sourceSystems: WireSourceSystem[];
    timeSeries: WireBucket[];
    recentFailures: WireFailure[];
  };
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A failed execution on the wire; override any field. */
export function wireFailure(overrides: Partial<WireFailure> = {}): WireFailure {
  return {
    executionId: 'exec-1',
    runId: 'run-1',
    workflowId: 'nightly-invoice',
    sourceSystem: 'billing',
    status: 'workflow_failed',
    statusReason: 'payment provider timed out',
    createdAt: '2026-11-02T09:00:00.000Z',
    finishedAt: '2026-11-02T09:01:30.000Z',
    ...overrides,
  };
}

/**
 * A small, consistent 200 body (10 executions over two hourly buckets, 2 failed). Objects in
 * `overrides` are merged deeply; arrays replace the default ones.
 */
export function statsBody(overrides: DeepPartial<WireStatsBody> = {}): WireStatsBody {
  const base: WireStatsBody = {
    code: 200,
    message: 'success',
    requestId: 'req-test-1',
    data: {
      granularity: 'hourly',
      summary: {
        total: 10,
        succeeded: 7,
        failed: 2,
        cancelled: 0,
        inProgress: 1,
        terminal: 9,
        successRate: 0.7778,
        averageDurationMs: 83_000,
      },
      statuses: [
        { status: 'workflow_succeeded', count: 7 },
        { status: 'workflow_failed', count: 2 },
        { status: 'workflow_running', count: 1 },
      ],
      sourceSystems: [
        { sourceSystem: 'billing', total: 6, succeeded: 4, failed: 2, cancelled: 0 },
        { sourceSystem: 'crm', total: 4, succeeded: 3, failed: 0, cancelled: 0 },
      ],
      timeSeries: [
        {
          bucketStart: '2026-11-02T08:00:00.000Z',
          total: 4,
          succeeded: 4,
          failed: 0,
          cancelled: 0,
        },
        {
          bucketStart: '2026-11-02T09:00:00.000Z',
          total: 6,
          succeeded: 3,
          failed: 2,
          cancelled: 0,
        },
      ],
      recentFailures: [
        wireFailure(),
        wireFailure({
          executionId: 'exec-2',
          runId: 'run-2',
          statusReason: 'schema mismatch',
          createdAt: '2026-11-02T09:10:00.000Z',
          finishedAt: '2026-11-02T09:12:00.000Z',
        }),
      ],
    },
  };
  return deepMerge(base, overrides) as WireStatsBody;
}

/** The bucket from `startMs`: `failed` of `total` finished executions, none cancelled. */
export function wireBucket(startMs: number, total: number, failed: number): WireBucket {
  return {
    bucketStart: new Date(startMs).toISOString(),
    total,
    succeeded: total - failed,
    failed,
    cancelled: 0,
  };
}

/**
 * A body made of `timeSeries`, all of it billing's: the summary and billing's totals are the
 * buckets' sums, as the provider's are (so a chart and the figures next to it agree). `data` sets
 * the rest (granularity, recentFailures), as statsBody's overrides do.
 */
export function billingSeriesBody(
  timeSeries: WireBucket[],
  data: Pick<DeepPartial<WireStatsBody['data']>, 'granularity' | 'recentFailures'> = {},
): WireStatsBody {
  const total = timeSeries.reduce((n, b) => n + b.total, 0);
  const failed = timeSeries.reduce((n, b) => n + b.failed, 0);
  const succeeded = total - failed;
  const summary = { total, succeeded, failed, cancelled: 0, inProgress: 0, terminal: total };
  return statsBody({
    data: {
      granularity: 'hourly',
      ...data,
      summary: { ...summary, successRate: total === 0 ? 0 : succeeded / total },
      sourceSystems: [{ sourceSystem: 'billing', total, succeeded, failed, cancelled: 0 }],
      timeSeries,
    },
  });
}

/** Sets a value at a dotted path (`data.summary.failed`, `data.timeSeries.0.total`), for ugly cases. */
export function setAt(target: object, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) return;
  let node = target as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
}

/** Removes the value at a dotted path. */
export function deleteAt(target: object, path: string): void {
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) return;
  let node = target as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  delete node[last];
}

function deepMerge(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) {
    return overrides === undefined ? base : overrides;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) out[key] = deepMerge(base[key], value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A large valid body (for the off-thread parser's tests): `sources` source systems, `buckets`
 * hourly buckets ending at `to` and `failures` recent failures, with every kind of timestamp the
 * schema accepts (ISO, numeric ms as string and as number, no zone, unparseable, missing) and
 * optional fields left out or empty, so sorting and normalising are exercised at scale.
 * Deterministic.
 */
export function largeStatsBody(options: {
  sources: number;
  buckets: number;
  failures: number;
  to?: number;
}): WireStatsBody {
  const to = options.to ?? Date.UTC(2026, 10, 24, 10);
  const hour = 3_600_000;
  const stamp = (ms: number, i: number): string => {
    switch (i % 5) {
      case 0:
        return String(ms);
      case 1:
        return new Date(ms).toISOString().replace('.000Z', '');
      case 2:
        return i % 10 === 2 ? 'not a date' : new Date(ms).toISOString();
      default:
        return new Date(ms).toISOString();
    }
  };
  const sourceSystems = Array.from({ length: options.sources }, (_, i) => {
    const total = 100 + ((i * 7919) % 900);
    const failed = i % 3 === 0 ? i % 50 : 0;
    return {
      sourceSystem: `source-${i}`,
      total,
      succeeded: total - failed - (i % 4),
      failed,
      cancelled: i % 4,
    };
  });
  // Shuffled a little, so sorting by bucket start has work to do.
  const timeSeries = Array.from({ length: options.buckets }, (_, i) => {
    const at = to - (options.buckets - ((i * 37) % options.buckets)) * hour;
    return {
      bucketStart: stamp(at, i),
      total: 1_000 + (i % 24),
      succeeded: 950,
      failed: 40 + (i % 7),
      cancelled: 10 - (i % 7),
    };
  });
  const recentFailures = Array.from({ length: options.failures }, (_, i) => {
    const finished = to - ((i * 7_919) % (options.failures * 60)) * 1_000;
    const failure: WireFailure = {
      executionId: `exec-${i}`,
      status: i % 11 === 0 ? 'workflow_timed_out' : 'workflow_failed',
      createdAt: stamp(finished - 30_000, i + 1),
    };
    if (i % 4 !== 0) failure.runId = `run-${i}`;
    if (i % 6 !== 0) failure.workflowId = i % 12 === 1 ? '' : `workflow-${i % 40}`;
    if (i % 5 !== 0) failure.sourceSystem = `source-${i % Math.max(1, options.sources)}`;
    if (i % 3 !== 0) failure.statusReason = `step ${i % 9} failed <&> "quoted"`;
    if (i % 7 !== 0) failure.finishedAt = stamp(finished, i);
    return failure;
  });
  return statsBody({ requestId: 'req-large', data: { sourceSystems, timeSeries, recentFailures } });
}
