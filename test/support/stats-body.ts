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
