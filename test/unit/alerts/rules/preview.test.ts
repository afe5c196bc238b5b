import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_BASELINE_MS, previewRule } from '../../../../src/alerts/rules/preview.js';
import type { Stats, StatsQuery, StatsSource } from '../../../../src/stats/types.js';
import { rule } from '../fixtures.js';

const HOUR = 3_600_000;
/** Wednesday 2 December 2026, 10:23 UTC: the preview covers the 7 days to 10:00. */
const NOW = Date.parse('2026-12-02T10:23:00Z');
const SPIKES = [Date.parse('2026-11-27T14:00:00Z'), Date.parse('2026-11-30T03:00:00Z')];

/**
 * A stats API over a week of steady traffic: per hour, billing 100 finished with 2 failed and
 * shipping 50 with 1 failed, except the SPIKES hours when billing has 60 failed. It answers any
 * range with hourly buckets and per-source totals, as the real API does, and counts its calls.
 */
function weekOfStats(): StatsSource & { readonly queries: StatsQuery[] } {
  const queries: StatsQuery[] = [];
  const hour = (start: number) => {
    const spike = SPIKES.includes(start);
    return {
      billing: { failed: spike ? 60 : 2, terminal: 100 },
      shipping: { failed: 1, terminal: 50 },
    };
  };
  return {
    queries,
    async getStats(query) {
      queries.push(query);
      const buckets = [];
      const sums = { billing: { failed: 0, terminal: 0 }, shipping: { failed: 0, terminal: 0 } };
      for (let t = query.from; t < query.to; t += HOUR) {
        const h = hour(t);
        for (const name of ['billing', 'shipping'] as const) {
          sums[name].failed += h[name].failed;
          sums[name].terminal += h[name].terminal;
        }
        buckets.push(
          bucket(t, h.billing.failed + h.shipping.failed, h.billing.terminal + h.shipping.terminal),
        );
      }
      return hourlyStats(
        query,
        buckets,
        (['billing', 'shipping'] as const).map((name) => ({
          sourceSystem: name,
          total: sums[name].terminal,
          succeeded: sums[name].terminal - sums[name].failed,
          failed: sums[name].failed,
          cancelled: 0,
        })),
      );
    },
  };
}

type Bucket = Stats['timeSeries'][number];

/** The hour from `t`: `failed` of `terminal` finished executions. */
function bucket(t: number, failed: number, terminal: number): Bucket {
  return {
    bucketStart: { raw: new Date(t).toISOString(), ms: t },
    total: terminal,
    succeeded: terminal - failed,
    failed,
    cancelled: 0,
  };
}

/** The API's answer made of `buckets`: its summary is their sum, as the real API's is. */
function hourlyStats(
  query: StatsQuery,
  buckets: Bucket[],
  sourceSystems: Stats['sourceSystems'],
): Stats {
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  const terminal = buckets.reduce((n, b) => n + b.total, 0);
  return {
    requestId: null,
    granularity: query.granularity,
    summary: {
      total: terminal,
      succeeded: terminal - failed,
      failed,
      cancelled: 0,
      inProgress: 0,
      terminal,
      averageDurationMs: null,
    },
    statuses: [],
    sourceSystems,
    timeSeries: buckets,
    recentFailures: [],
  };
}

describe('previewing a rule over the last 7 days', () => {
  it('reads the whole week in one hourly query for a rule over all sources, and finds both spikes', async () => {
    const stats = weekOfStats();
    const result = await previewRule(stats, rule({ failureRate: 0.3 }), NOW);
    expect(stats.queries).toEqual([
      {
        from: Date.parse('2026-11-25T09:00:00Z'),
        to: Date.parse('2026-12-02T10:00:00Z'),
        granularity: 'hourly',
      },
    ]);
    expect(result.calls).toBe(1);
    expect(result.evaluations).toBe(7 * 24);
    expect(result.firings.map((f) => new Date(f.at).toISOString())).toEqual([
      '2026-11-27T15:00:00.000Z',
      '2026-11-30T04:00:00.000Z',
    ]);
    expect(result.firings.every((f) => f.subjects.join() === '*')).toBe(true);
  });

  it('never fires a rule whose threshold the week never reaches', async () => {
    const result = await previewRule(weekOfStats(), rule({ failureRate: 0.5 }), NOW);
    expect(result.firings).toEqual([]);
    expect(result.hoursFiring).toBe(0);
  });

  it('asks hour by hour for a per-source rule (the API has no per-source series) and names the source', async () => {
    const stats = weekOfStats();
    const result = await previewRule(
      stats,
      rule({ scope: 'per-source', failureRate: 0.3, windowMs: 2 * HOUR, for: 1 }),
      NOW,
    );
    // 7 × 24 evaluated hours and the 2 hours of the first window before them.
    expect(result.calls).toBe(170);
    expect(stats.queries).toHaveLength(170);
    expect(stats.queries.every((q) => q.to - q.from === HOUR)).toBe(true);
    expect(result.windowMs).toBe(2 * HOUR);
    expect(result.firings.map((f) => [new Date(f.at).toISOString(), f.subjects])).toEqual([
      ['2026-11-27T15:00:00.000Z', ['billing']],
      ['2026-11-30T04:00:00.000Z', ['billing']],
    ]);
  });

  it('stops asking once an hour of a per-source history cannot be read', async () => {
    const week = weekOfStats();
    let calls = 0;
    const flaky: StatsSource = {
      getStats: async (query) => {
        calls += 1;
        if (calls === 10) throw new Error('stats API returned 500');
        return week.getStats(query);
      },
    };
    await expect(previewRule(flaky, rule({ scope: 'per-source' }), NOW)).rejects.toThrow('500');
    expect(calls).toBeLessThan(10 + 4); // the ones already in flight, no more
  });

  it('fails as a whole when the API cannot be read', async () => {
    const down: StatsSource = {
      getStats: async () => {
        throw new Error('stats API returned 503');
      },
    };
    await expect(previewRule(down, rule(), NOW)).rejects.toThrow('503');
  });

  describe('with a baseline', () => {
    const LOW_SPIKE = Date.parse('2026-11-29T12:00:00Z');
    /**
     * Low volume, chronically flaky: 10 finished an hour, 3 of them failed (30%), and in the
     * LOW_SPIKE hour all 10 failed. All sources together, in hourly buckets, as the API answers.
     */
    function lowVolume(): StatsSource & { readonly queries: StatsQuery[] } {
      const queries: StatsQuery[] = [];
      return {
        queries,
        async getStats(query) {
          queries.push(query);
          const buckets = [];
          for (let t = query.from; t < query.to; t += HOUR) {
            buckets.push(bucket(t, t === LOW_SPIKE ? 10 : 3, 10));
          }
          return hourlyStats(query, buckets, []);
        },
      };
    }
    const threshold = rule({ windowMs: HOUR, failureRate: 0.25, minFailures: 3, recoverRate: 0.1 });

    it('fires on the usual 30% without one, and only on the real spike with one, from ONE query', async () => {
      const plain = await previewRule(lowVolume(), threshold, NOW);
      // The usual rate is over the threshold: it fires at once and never recovers.
      expect(plain.firings.map((f) => new Date(f.at).toISOString())).toEqual([
        '2026-11-25T11:00:00.000Z',
      ]);
      expect(plain.hoursFiring).toBe(7 * 24);
      expect(plain.baselineMs).toBeNull();

      const stats = lowVolume();
      const withBaseline = await previewRule(
        stats,
        { ...threshold, baseline: { windowMs: 24 * HOUR, factor: 1, significance: 0.0001 } },
        NOW,
      );
      // The week, the first window and the 24 h of baseline before it: still one hourly query.
      expect(stats.queries).toEqual([
        {
          from: Date.parse('2026-11-24T09:00:00Z'),
          to: Date.parse('2026-12-02T10:00:00Z'),
          granularity: 'hourly',
        },
      ]);
      expect(withBaseline.calls).toBe(1);
      expect(withBaseline.baselineMs).toBe(24 * HOUR);
      expect(withBaseline.baselineCapped).toBe(false);
      expect(withBaseline.firings.map((f) => new Date(f.at).toISOString())).toEqual([
        '2026-11-29T13:00:00.000Z',
      ]);
    });

    it('replays at most 7 days of a longer baseline, and says it did', async () => {
      const stats = lowVolume();
      const result = await previewRule(
        stats,
        { ...threshold, baseline: { windowMs: 30 * 24 * HOUR, factor: 1, significance: 0.0001 } },
        NOW,
      );
      expect(stats.queries).toHaveLength(1);
      expect((stats.queries[0]?.to ?? 0) - (stats.queries[0]?.from ?? 0)).toBe(
        7 * 24 * HOUR + HOUR + MAX_PREVIEW_BASELINE_MS,
      );
      expect(result.baselineMs).toBe(MAX_PREVIEW_BASELINE_MS);
      expect(result.baselineCapped).toBe(true);
      expect(result.firings.map((f) => new Date(f.at).toISOString())).toEqual([
        '2026-11-29T13:00:00.000Z',
      ]);
    });
  });
});
