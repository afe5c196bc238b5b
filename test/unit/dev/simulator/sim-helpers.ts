import { type SimulatorOptions, simulateStatsBody } from '../../../../src/dev/simulator/respond.js';
import type { Granularity } from '../../../../src/stats/types.js';

/** The documented body shape, typed for reading in tests (the simulator returns `unknown`). */
export interface Counts {
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface SimBody {
  code: number;
  message: string;
  requestId: string;
  data: {
    granularity: Granularity;
    summary: Counts & {
      inProgress: number;
      terminal: number;
      successRate: number;
      averageDurationMs: number;
    };
    statuses: { status: string; count: number }[];
    sourceSystems: (Counts & { sourceSystem: string })[];
    timeSeries: (Counts & { bucketStart: string })[];
    recentFailures: {
      executionId: string;
      runId: string;
      workflowId: string;
      sourceSystem: string;
      status: string;
      statusReason: string;
      createdAt: string;
      finishedAt: string;
    }[];
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A Tuesday morning (UTC), when every source is busy. */
export const ANCHOR = Date.parse('2026-11-10T10:00:00.000Z');

export function simulate(
  from: number,
  to: number,
  options: SimulatorOptions,
  granularity: Granularity = 'hourly',
): SimBody {
  return simulateStatsBody({ from, to, granularity }, options) as SimBody;
}

/** A source's counts in a window (zeros when it had no execution there). */
export function sourceCounts(body: SimBody, source: string): Counts {
  const found = body.data.sourceSystems.find((s) => s.sourceSystem === source);
  return found ?? { total: 0, succeeded: 0, failed: 0, cancelled: 0 };
}

/** failed / terminal for one source in a window; NaN when nothing finished. */
export function failureRate(body: SimBody, source: string): number {
  const c = sourceCounts(body, source);
  return c.failed / (c.succeeded + c.failed + c.cancelled);
}

export function countsOf(c: Counts): Counts {
  return { total: c.total, succeeded: c.succeeded, failed: c.failed, cancelled: c.cancelled };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    total: a.total + b.total,
    succeeded: a.succeeded + b.succeeded,
    failed: a.failed + b.failed,
    cancelled: a.cancelled + b.cancelled,
  };
}

export const ZERO: Counts = { total: 0, succeeded: 0, failed: 0, cancelled: 0 };
