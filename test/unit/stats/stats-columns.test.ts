import { describe, expect, it } from 'vitest';
import {
  BUCKET_CODEC,
  decodeColumns,
  encodeColumns,
  FAILURE_CODEC,
  SOURCE_SYSTEM_CODEC,
  STATUS_CODEC,
} from '../../../src/stats/stats-columns.js';
import type { FailedExecution, TimeBucket } from '../../../src/stats/types.js';

/** Every item type through columns and back: the same values, exactly (Object.is). */
describe('Stats lists as columns', () => {
  const roundTrip = <T>(items: T[], codec: Parameters<typeof encodeColumns<T>>[1]) =>
    decodeColumns(structuredClone(encodeColumns(items, codec)), codec);

  it('statuses and source systems, strings of every kind and exact numbers', () => {
    const statuses = [
      { status: 'workflow_failed', count: 3 },
      { status: '', count: 0 },
      { status: 'new_status_💥', count: 1.5 },
    ];
    expect(roundTrip(statuses, STATUS_CODEC)).toEqual(statuses);
    const sources = [
      { sourceSystem: 'billing', total: 10, succeeded: 7, failed: 2, cancelled: 1 },
      { sourceSystem: 'ünïcödé <&> "x"', total: -0, succeeded: 0, failed: 0, cancelled: 0 },
      { sourceSystem: '', total: 1e15, succeeded: 2 ** 53, failed: 0.25, cancelled: 3 },
    ];
    const back = roundTrip(sources, SOURCE_SYSTEM_CODEC);
    expect(back).toEqual(sources);
    expect(Object.is(back[1]?.total, -0)).toBe(true);
  });

  it('buckets and failures, with missing values and timestamps that did not parse', () => {
    const buckets: TimeBucket[] = [
      {
        bucketStart: { raw: '2026-11-02T08:00:00.000Z', ms: 1793606400000 },
        total: 4,
        succeeded: 4,
        failed: 0,
        cancelled: 0,
      },
      {
        bucketStart: { raw: 'not a date', ms: null },
        total: 1,
        succeeded: 0,
        failed: 1,
        cancelled: 0,
      },
    ];
    expect(roundTrip(buckets, BUCKET_CODEC)).toEqual(buckets);
    const failures: FailedExecution[] = [
      {
        executionId: 'exec-1',
        runId: null,
        workflowId: 'wf',
        sourceSystem: null,
        status: 'workflow_failed',
        statusReason: 'timed out 🕐',
        createdAt: { raw: '1793606400000', ms: 1793606400000 },
        finishedAt: null,
      },
      {
        executionId: '',
        runId: 'run-2',
        workflowId: null,
        sourceSystem: 'crm',
        status: 'x',
        statusReason: null,
        createdAt: null,
        finishedAt: { raw: 'yesterday', ms: null },
      },
    ];
    expect(roundTrip(failures, FAILURE_CODEC)).toEqual(failures);
  });

  it('an empty list is an empty list', () => {
    expect(roundTrip([], FAILURE_CODEC)).toEqual([]);
  });
});
