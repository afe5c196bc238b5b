import { describe, expect, it } from 'vitest';
import { StatsInvalidResponseError } from '../../../src/stats/errors.js';
import { parseStatsBody } from '../../../src/stats/schema.js';
import {
  deleteAt,
  setAt,
  statsBody,
  type WireStatsBody,
  wireFailure,
} from '../../support/stats-body.js';

const request = {
  method: 'GET',
  url: 'https://stats.example.test/v1/executions/stats?from=1&to=2&granularity=daily',
};

describe('parseStatsBody: valid bodies', () => {
  it('normalises a documented body', () => {
    const body = statsBody();
    const stats = parseStatsBody(body, request);
    expect(stats.requestId).toBe(body.requestId);
    expect(stats.granularity).toBe('hourly');
    const { successRate: _ignored, ...summary } = body.data.summary;
    expect(stats.summary).toEqual(summary);
    expect(stats.statuses).toEqual(body.data.statuses);
    expect(stats.sourceSystems).toEqual(body.data.sourceSystems);
    expect(stats.timeSeries.map((b) => b.bucketStart.ms)).toEqual(
      body.data.timeSeries.map((b) => Date.parse(b.bucketStart)),
    );
    const first = body.data.recentFailures[0];
    const parsed = stats.recentFailures.find((f) => f.executionId === first?.executionId);
    expect(parsed).toMatchObject({
      runId: first?.runId,
      workflowId: first?.workflowId,
      sourceSystem: first?.sourceSystem,
      status: first?.status,
      statusReason: first?.statusReason,
      finishedAt: { raw: first?.finishedAt, ms: Date.parse(first?.finishedAt ?? '') },
    });
  });

  it('ignores extra keys at every level', () => {
    const body = statsBody() as unknown as Record<string, unknown>;
    setAt(body, 'extra', { nested: true });
    setAt(body, 'data.extra', 1);
    setAt(body, 'data.summary.p95DurationMs', 12);
    setAt(body, 'data.statuses.0.share', 0.5);
    setAt(body, 'data.timeSeries.0.p50', 3);
    setAt(body, 'data.recentFailures.0.tenant', 'acme');
    const stats = parseStatsBody(body, request);
    expect(stats).not.toHaveProperty('extra');
    expect(stats.summary).not.toHaveProperty('p95DurationMs');
    expect(stats.statuses[0]).not.toHaveProperty('share');
    expect(stats.timeSeries[0]).not.toHaveProperty('p50');
    expect(stats.recentFailures[0]).not.toHaveProperty('tenant');
  });

  it('keeps unknown status values as strings', () => {
    const body = statsBody({
      data: {
        statuses: [{ status: 'workflow_paused', count: 3 }],
        recentFailures: [wireFailure({ status: 'workflow_timed_out' })],
      },
    });
    const stats = parseStatsBody(body, request);
    expect(stats.statuses).toEqual([{ status: 'workflow_paused', count: 3 }]);
    expect(stats.recentFailures[0]?.status).toBe('workflow_timed_out');
  });

  it.each([
    ['ISO', '2026-11-02T09:01:30Z', Date.UTC(2026, 10, 2, 9, 1, 30)],
    ['numeric ms', String(Date.UTC(2026, 10, 2, 9)), Date.UTC(2026, 10, 2, 9)],
    ['garbage', 'not a date', null],
  ])('reads %s timestamps', (_name, raw, ms) => {
    const body = statsBody({
      data: {
        timeSeries: [{ bucketStart: raw, total: 1, succeeded: 1, failed: 0, cancelled: 0 }],
        recentFailures: [wireFailure({ createdAt: raw, finishedAt: raw })],
      },
    });
    const stats = parseStatsBody(body, request);
    expect(stats.timeSeries[0]?.bucketStart).toEqual({ raw, ms });
    expect(stats.recentFailures[0]?.createdAt).toEqual({ raw, ms });
    expect(stats.recentFailures[0]?.finishedAt).toEqual({ raw, ms });
  });

  it('accepts numbers where timestamps are documented as strings', () => {
    const ms = Date.UTC(2026, 10, 2, 9);
    const body = statsBody();
    setAt(body, 'data.recentFailures.0.finishedAt', ms);
    setAt(body, 'data.timeSeries.0.bucketStart', ms);
    const stats = parseStatsBody(body, request);
    expect(stats.recentFailures.some((f) => f.finishedAt?.ms === ms)).toBe(true);
    expect(stats.timeSeries.some((b) => b.bucketStart.ms === ms)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
  ])('optional failure fields %s become null', (_name, value) => {
    const failure: Record<string, unknown> = { executionId: 'e1', status: 'workflow_failed' };
    for (const key of [
      'runId',
      'workflowId',
      'sourceSystem',
      'statusReason',
      'createdAt',
      'finishedAt',
    ]) {
      if (value !== undefined) failure[key] = value;
    }
    const body = statsBody();
    setAt(body, 'data.recentFailures', [failure]);
    expect(parseStatsBody(body, request).recentFailures).toEqual([
      {
        executionId: 'e1',
        status: 'workflow_failed',
        runId: null,
        workflowId: null,
        sourceSystem: null,
        statusReason: null,
        createdAt: null,
        finishedAt: null,
      },
    ]);
  });

  it.each([
    ['missing', (b: WireStatsBody, key: string) => deleteAt(b, `data.${key}`)],
    ['null', (b: WireStatsBody, key: string) => setAt(b, `data.${key}`, null)],
  ])('lists that are %s become empty', (_name, blank) => {
    const body = statsBody();
    for (const key of ['statuses', 'sourceSystems', 'timeSeries', 'recentFailures'])
      blank(body, key);
    const stats = parseStatsBody(body, request);
    expect([stats.statuses, stats.sourceSystems, stats.timeSeries, stats.recentFailures]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it('takes requestId from the envelope, null when absent', () => {
    const body = statsBody();
    deleteAt(body, 'requestId');
    expect(parseStatsBody(body, request).requestId).toBeNull();
  });

  it.each([
    ['from the data', 'hourly', 'hourly'],
    ['from the request when missing', undefined, 'daily'],
    ['from the request when unknown', 'weekly', 'daily'],
  ])('takes granularity %s', (_name, value, expected) => {
    const body = statsBody();
    if (value === undefined) deleteAt(body, 'data.granularity');
    else setAt(body, 'data.granularity', value);
    expect(parseStatsBody(body, request).granularity).toBe(expected);
  });

  it('fails on granularity when neither the data nor the request names one', () => {
    const body = statsBody();
    deleteAt(body, 'data.granularity');
    const noGranularity = { method: 'GET', url: 'http://x.test/v1/executions/stats' };
    expect(() => parseStatsBody(body, noGranularity)).toThrow(StatsInvalidResponseError);
    expect(() => parseStatsBody(body, noGranularity)).toThrow(/data\.granularity/);
  });

  it.each([
    ['missing', undefined, 0, null],
    ['null', null, 9, null],
    ['zero terminal', 1234, 0, null],
    ['present', 1234, 9, 1234],
  ])('averageDurationMs %s', (_name, average, terminal, expected) => {
    const body = statsBody();
    if (average === undefined) deleteAt(body, 'data.summary.averageDurationMs');
    else setAt(body, 'data.summary.averageDurationMs', average);
    setAt(body, 'data.summary.terminal', terminal);
    expect(parseStatsBody(body, request).summary.averageDurationMs).toBe(expected);
  });

  it('derives terminal and inProgress when the API leaves them out', () => {
    const body = statsBody({
      data: { summary: { total: 12, succeeded: 5, failed: 3, cancelled: 1 } },
    });
    deleteAt(body, 'data.summary.terminal');
    deleteAt(body, 'data.summary.inProgress');
    const { summary } = parseStatsBody(body, request);
    expect(summary.terminal).toBe(5 + 3 + 1);
    expect(summary.inProgress).toBe(12 - (5 + 3 + 1));
  });
});
