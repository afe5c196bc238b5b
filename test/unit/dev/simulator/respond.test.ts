import { describe, expect, it } from 'vitest';
import {
  RECENT_FAILURES_LIMIT,
  resolveAnchor,
  simulateStatsBody,
  simulateStatsResponse,
} from '../../../../src/dev/simulator/respond.js';
import { parseStatsBody } from '../../../../src/stats/schema.js';
import { KNOWN_STATUSES, TERMINAL_STATUSES } from '../../../../src/stats/types.js';
import {
  ANCHOR,
  addCounts,
  countsOf,
  DAY,
  HOUR,
  MINUTE,
  type SimBody,
  simulate,
  ZERO,
} from './sim-helpers.js';

const NOW = ANCHOR + 3 * HOUR + 7 * MINUTE + 13_456;
const options = { seed: 7, now: NOW };

/** Windows of many kinds, all checked against the same invariants. */
const WINDOWS: [string, number, number, 'hourly' | 'daily'][] = [
  ['last 15 minutes', NOW - 15 * MINUTE, NOW, 'hourly'],
  ['last 24 hours', NOW - DAY, NOW, 'hourly'],
  ['last 7 days', NOW - 7 * DAY, NOW, 'daily'],
  ['unaligned past hour', NOW - 5 * HOUR + 1_234, NOW - 4 * HOUR + 1_234, 'hourly'],
  ['reaching into the future', NOW - 2 * HOUR, NOW + 5 * HOUR, 'hourly'],
  [
    'a weekend day',
    Date.parse('2026-11-07T00:00:00Z'),
    Date.parse('2026-11-08T00:00:00Z'),
    'daily',
  ],
  ['empty (from = to)', NOW - HOUR, NOW - HOUR, 'hourly'],
  ['entirely in the future', NOW + HOUR, NOW + 2 * HOUR, 'hourly'],
];

describe('simulateStatsBody: the documented shape', () => {
  const body = simulate(NOW - DAY, NOW, options);

  it('has exactly the documented keys', () => {
    expect(Object.keys(body).sort()).toEqual(['code', 'data', 'message', 'requestId']);
    expect(body.code).toBe(200);
    expect(body.message).toBe('success');
    expect(body.requestId).toMatch(/^sim-[0-9a-f]{16}$/);
    expect(Object.keys(body.data).sort()).toEqual(
      [
        'granularity',
        'recentFailures',
        'sourceSystems',
        'statuses',
        'summary',
        'timeSeries',
      ].sort(),
    );
    expect(Object.keys(body.data.summary).sort()).toEqual(
      [
        'averageDurationMs',
        'cancelled',
        'failed',
        'inProgress',
        'succeeded',
        'successRate',
        'terminal',
        'total',
      ].sort(),
    );
    for (const s of body.data.statuses) expect(Object.keys(s).sort()).toEqual(['count', 'status']);
    for (const s of body.data.sourceSystems) {
      expect(Object.keys(s).sort()).toEqual([
        'cancelled',
        'failed',
        'sourceSystem',
        'succeeded',
        'total',
      ]);
    }
    for (const b of body.data.timeSeries) {
      expect(Object.keys(b).sort()).toEqual([
        'bucketStart',
        'cancelled',
        'failed',
        'succeeded',
        'total',
      ]);
    }
    for (const f of body.data.recentFailures) {
      expect(Object.keys(f).sort()).toEqual(
        [
          'createdAt',
          'executionId',
          'finishedAt',
          'runId',
          'sourceSystem',
          'status',
          'statusReason',
          'workflowId',
        ].sort(),
      );
    }
  });

  it('uses only documented statuses and realistic values', () => {
    for (const s of body.data.statuses) expect(KNOWN_STATUSES).toContain(s.status);
    expect(body.data.sourceSystems.length).toBeGreaterThanOrEqual(6);
    expect(body.data.summary.successRate).toBeGreaterThan(90);
    expect(body.data.summary.successRate).toBeLessThanOrEqual(100);
    expect(body.data.summary.averageDurationMs).toBeGreaterThan(1_000);
    const f = body.data.recentFailures[0];
    expect(f?.executionId).toMatch(/^exe_[0-9a-f]{16}$/);
    expect(f?.runId).toMatch(/^run_[0-9a-f]{16}$/);
    expect(f?.status).toBe('workflow_failed');
    expect(f?.statusReason.length).toBeGreaterThan(0);
  });

  it('passes the real client parser unchanged in its numbers', () => {
    const url = 'simulator://v1/executions/stats?granularity=hourly';
    const stats = parseStatsBody(body, { method: 'GET', url });
    expect(stats.requestId).toBe(body.requestId);
    expect(stats.summary.total).toBe(body.data.summary.total);
    expect(stats.summary.inProgress).toBe(body.data.summary.inProgress);
    expect(stats.timeSeries.length).toBe(body.data.timeSeries.length);
    expect(stats.recentFailures.map((f) => f.executionId)).toEqual(
      body.data.recentFailures.map((f) => f.executionId),
    );
    expect(stats.timeSeries.every((b) => b.bucketStart.ms !== null)).toBe(true);
  });
});

describe.each(WINDOWS)('simulateStatsBody invariants: %s', (_name, from, to, granularity) => {
  const body = simulate(from, to, options, granularity);
  const { summary, statuses, sourceSystems, timeSeries, recentFailures } = body.data;
  const end = Math.min(to, NOW);

  it('summary adds up', () => {
    expect(summary.total).toBe(
      summary.succeeded + summary.failed + summary.cancelled + summary.inProgress,
    );
    expect(summary.terminal).toBe(summary.succeeded + summary.failed + summary.cancelled);
  });

  it('statuses, sources and buckets each add up to the summary', () => {
    const byStatus = new Map(statuses.map((s) => [s.status, s.count]));
    expect(statuses.reduce((a, s) => a + s.count, 0)).toBe(summary.total);
    expect(byStatus.get('workflow_failed') ?? 0).toBe(summary.failed);
    const inProgress = statuses
      .filter((s) => !(TERMINAL_STATUSES as readonly string[]).includes(s.status))
      .reduce((a, s) => a + s.count, 0);
    expect(inProgress).toBe(summary.inProgress);
    const sources = sourceSystems.reduce(addCounts, ZERO);
    expect(sources.total).toBe(summary.total);
    expect(countsOf({ ...sources, total: summary.total - summary.inProgress })).toEqual(
      countsOf({ ...summary, total: summary.terminal }),
    );
    expect(countsOf(timeSeries.reduce(addCounts, ZERO))).toEqual(countsOf(sources));
  });

  it('buckets are aligned, contiguous and cover the window up to now', () => {
    const size = granularity === 'hourly' ? HOUR : DAY;
    const starts = timeSeries.map((b) => Date.parse(b.bucketStart));
    for (const [i, start] of starts.entries()) {
      expect(start % size).toBe(0);
      if (i > 0) expect(start - (starts[i - 1] ?? 0)).toBe(size);
    }
    if (end > from) {
      expect(starts[0]).toBeLessThanOrEqual(from);
      expect((starts.at(-1) ?? 0) + size).toBeGreaterThanOrEqual(end);
      expect(starts.at(-1)).toBeLessThan(end);
    } else {
      expect(timeSeries).toEqual([]);
      expect(summary.total).toBe(0);
    }
  });

  it('recentFailures are the latest failures in the window, newest first', () => {
    expect(recentFailures.length).toBe(Math.min(RECENT_FAILURES_LIMIT, summary.failed));
    const finished = recentFailures.map((f) => Date.parse(f.finishedAt));
    expect(finished).toEqual([...finished].sort((a, b) => b - a));
    for (const f of recentFailures) {
      const created = Date.parse(f.createdAt);
      expect(created).toBeGreaterThanOrEqual(from);
      expect(created).toBeLessThan(end);
      expect(Date.parse(f.finishedAt)).toBeGreaterThan(created);
      expect(Date.parse(f.finishedAt)).toBeLessThanOrEqual(NOW);
    }
  });
});

describe('simulateStatsBody: determinism and consistency', () => {
  it('gives the same body for the same seed and query, another for another seed', () => {
    const a = simulateStatsBody({ from: NOW - DAY, to: NOW, granularity: 'hourly' }, options);
    const b = simulateStatsBody(
      { from: NOW - DAY, to: NOW, granularity: 'hourly' },
      { ...options },
    );
    const c = simulateStatsBody(
      { from: NOW - DAY, to: NOW, granularity: 'hourly' },
      { ...options, seed: 8 },
    );
    expect(b).toEqual(a);
    expect((c as SimBody).data.summary).not.toEqual((a as SimBody).data.summary);
  });

  it.each([
    ['a past hour', NOW - 5 * HOUR + 4_321],
    ['the hour ending now (with runs in progress)', NOW - HOUR],
  ])('four 15-minute windows add up to %s', (_name, start) => {
    const hour = simulate(start, start + HOUR, options);
    const quarters = [0, 1, 2, 3].map((q) =>
      simulate(start + q * 15 * MINUTE, start + (q + 1) * 15 * MINUTE, options),
    );
    const sum = quarters.map((q) => q.data.summary).reduce(addCounts, ZERO);
    expect(sum).toEqual(countsOf(hour.data.summary));
    const inProgress = quarters.reduce((a, q) => a + q.data.summary.inProgress, 0);
    expect(inProgress).toBe(hour.data.summary.inProgress);
    for (const source of hour.data.sourceSystems) {
      const parts = quarters
        .map(
          (q) => q.data.sourceSystems.find((s) => s.sourceSystem === source.sourceSystem) ?? ZERO,
        )
        .reduce(addCounts, ZERO);
      expect(parts).toEqual(countsOf(source));
    }
  });

  it("a 15-minute window's failures are among the 24-hour window's latest", () => {
    const day = simulate(NOW - DAY, NOW, options).data.recentFailures;
    const quarter = simulate(NOW - 15 * MINUTE, NOW, options).data.recentFailures;
    const oldestListed = Date.parse(day.at(-1)?.finishedAt ?? '');
    const expected = quarter.filter((f) => Date.parse(f.finishedAt) > oldestListed);
    expect(expected.length).toBeGreaterThan(0);
    for (const f of expected) expect(day).toContainEqual(f);
  });

  it('includes a run starting exactly at `from`, excludes one starting exactly at `to`', () => {
    const failure = simulate(NOW - HOUR, NOW, options).data.recentFailures.at(-1);
    const start = Date.parse(failure?.createdAt ?? '');
    const ids = (from: number, to: number) =>
      simulate(from, to, options).data.recentFailures.map((f) => f.executionId);
    expect(ids(start, start + 1)).toContain(failure?.executionId);
    expect(ids(start - MINUTE, start)).not.toContain(failure?.executionId);
    expect(ids(start + 1, start + MINUTE)).not.toContain(failure?.executionId);
  });

  it('counts nothing at or after now: a window reaching past now equals the one ending at now', () => {
    const cut = simulate(NOW - 2 * HOUR, NOW, options).data;
    const long = simulate(NOW - 2 * HOUR, NOW + 3 * DAY, options).data;
    expect(long).toEqual(cut);
  });

  it('has runs in progress only among those started in the last few minutes', () => {
    const recent = simulate(NOW - 5 * MINUTE, NOW, options).data;
    expect(recent.summary.inProgress).toBeGreaterThan(0);
    const live = recent.statuses.filter(
      (s) => !(TERMINAL_STATUSES as readonly string[]).includes(s.status),
    );
    expect(live.length).toBeGreaterThan(0);
    const older = simulate(NOW - DAY, NOW - 20 * MINUTE, options).data;
    expect(older.summary.inProgress).toBe(0);
  });

  it('lists runs awaiting payment while the payment sources are busy', () => {
    const seen = new Set<string>();
    for (let minute = 0; minute < 60; minute += 5) {
      const now = NOW + minute * MINUTE;
      for (const s of simulate(now - 10 * MINUTE, now, { ...options, now }).data.statuses)
        seen.add(s.status);
    }
    expect(seen).toContain('awaiting_payment');
    expect(seen).toContain('workflow_running');
  });
});

describe('simulateStatsBody: bad queries', () => {
  it.each([
    ['from after to', { from: NOW, to: NOW - 1, granularity: 'hourly' }],
    ['a fractional from', { from: 1.5, to: NOW, granularity: 'hourly' }],
    ['a NaN to', { from: 0, to: Number.NaN, granularity: 'hourly' }],
    ['an unknown granularity', { from: NOW - HOUR, to: NOW, granularity: 'weekly' }],
    ['a window of years', { from: NOW - 3 * 365 * DAY, to: NOW, granularity: 'daily' }],
  ])('rejects %s with a RangeError, and the response is a 400', (_name, query) => {
    const q = query as never;
    expect(() => simulateStatsBody(q, options)).toThrow(RangeError);
    const response = simulateStatsResponse(q, options);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 400, requestId: expect.stringMatching(/^sim-/) });
  });

  it('answers 200 with the body for a good query', () => {
    const query = { from: NOW - HOUR, to: NOW, granularity: 'hourly' } as const;
    expect(simulateStatsResponse(query, options)).toEqual({
      status: 200,
      body: simulateStatsBody(query, options),
    });
  });
});

describe('resolveAnchor', () => {
  it.each([
    ['an explicit anchor', { seed: 1, scenario: 'spike', anchor: 123, now: NOW }, 123],
    [
      'spike without one: 10 minutes before now',
      { seed: 1, scenario: 'spike', now: NOW },
      NOW - 10 * MINUTE,
    ],
    ['steady without one: now', { seed: 1, now: NOW }, NOW],
  ] as const)('%s', (_name, opts, expected) => {
    expect(resolveAnchor(opts)).toBe(expected);
  });
});
