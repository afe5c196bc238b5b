import { describe, expect, it } from 'vitest';
import {
  generateStream,
  manySources,
  meanPerMinute,
  type StreamSource,
  sumOf,
} from '../../../../src/dev/alerts/eval-streams.js';
import { replayThreshold } from '../../../../src/dev/alerts/threshold-rule.js';

const WEEK = Date.UTC(2026, 10, 2);
const SOURCE: StreamSource = {
  name: 'billing',
  peakPerMinute: 4,
  peakHourUtc: 10,
  troughShare: 0.3,
  weekendShare: 0.4,
  failureRate: 0.03,
};

describe('synthetic count streams', () => {
  it('follow the daily and weekly curve, and repeat exactly for a seed', () => {
    expect(meanPerMinute(SOURCE, WEEK + 10 * 3_600_000)).toBeCloseTo(4, 9); // Monday 10:00
    expect(meanPerMinute(SOURCE, WEEK + 22 * 3_600_000)).toBeCloseTo(1.2, 9); // trough
    expect(meanPerMinute(SOURCE, WEEK + (5 * 24 + 10) * 3_600_000)).toBeCloseTo(1.6, 9); // Sat
    const plan = { seed: 4, start: WEEK, minutes: 7 * 1440, sources: [SOURCE] };
    const a = generateStream(plan);
    const b = generateStream(plan);
    expect(a.failed[0]).toEqual(b.failed[0]);
    let expected = 0;
    for (let m = 0; m < plan.minutes; m++) expected += meanPerMinute(SOURCE, WEEK + m * 60_000);
    const total = sumOf(a.terminal[0], 0, plan.minutes);
    expect(Math.abs(total / expected - 1)).toBeLessThan(0.02);
    const rate = sumOf(a.failed[0], 0, plan.minutes) / total;
    expect(rate).toBeGreaterThan(0.027);
    expect(rate).toBeLessThan(0.033);
    expect(generateStream({ ...plan, seed: 5 }).failed[0]).not.toEqual(a.failed[0]);
  });

  it('puts clustered failures at the same rate, but in bursts', () => {
    const plan = { seed: 1, start: WEEK, minutes: 7 * 1440, sources: [SOURCE] };
    const plain = generateStream(plan);
    const clustered = generateStream({ ...plan, clustered: true });
    const rate = (s: typeof plain) =>
      sumOf(s.failed[0], 0, plan.minutes) / sumOf(s.terminal[0], 0, plan.minutes);
    // About 200 clusters a week: the rate is 3% give or take 0.25% (one sd).
    expect(Math.abs(rate(clustered) - 0.03)).toBeLessThan(0.008);
    // Variance of failures per 15 minutes over the mean: about 1 for independent failures,
    // about E[size^2] / E[size] = 11/3 for clusters of 1 + Poisson(2).
    const dispersion = (s: typeof plain) => {
      const counts: number[] = [];
      for (let m = 0; m + 15 <= plan.minutes; m += 15) counts.push(sumOf(s.failed[0], m, m + 15));
      const mean = counts.reduce((x, y) => x + y, 0) / counts.length;
      const variance = counts.reduce((x, y) => x + (y - mean) ** 2, 0) / counts.length;
      return variance / mean;
    };
    expect(dispersion(plain)).toBeLessThan(1.6);
    expect(dispersion(clustered)).toBeGreaterThan(2.5);
  });

  it('makes nothing finish where the volume is 0, and marks API outages', () => {
    const stream = generateStream({
      seed: 1,
      start: WEEK,
      minutes: 60,
      sources: [SOURCE],
      volumeAt: (_s, t) => (t >= WEEK + 30 * 60_000 ? 0 : 1),
      apiDown: [[WEEK + 10 * 60_000, WEEK + 20 * 60_000]],
    });
    expect(sumOf(stream.terminal[0], 30, 60)).toBe(0);
    expect(sumOf(stream.terminal[0], 0, 30)).toBeGreaterThan(0);
    expect(Array.from(stream.apiDown ?? []).filter((d) => d === 1)).toHaveLength(10);
    expect(stream.apiDown?.[10]).toBe(1);
    expect(stream.apiDown?.[20]).toBe(0);
  });

  it('draws many sources with distinct names and volumes in range', () => {
    const sources = manySources(1_000, 1);
    expect(new Set(sources.map((s) => s.name)).size).toBe(1_000);
    for (const s of sources) {
      expect(s.peakPerMinute).toBeGreaterThanOrEqual(0.05);
      expect(s.peakPerMinute).toBeLessThanOrEqual(3);
    }
  });
});

describe('the plain threshold rule', () => {
  it('fires after 2 breaching evaluations and resolves at the first that does not breach', () => {
    const failed = new Int32Array(40);
    const terminal = new Int32Array(40).fill(4);
    for (let m = 10; m < 14; m++) failed[m] = 4; // 16 failures in minutes 10-13
    const start = WEEK;
    const events = replayThreshold(
      { start, minutes: 40, sources: ['a'], failed: [failed], terminal: [terminal] },
      { rate: 0.2, windowMs: 15 * 60_000, for: 2, scope: 'overall' },
      { intervalMs: 60_000, from: start + 60_000, to: start + 40 * 60_000 },
    );
    // Window [-4, 11) at 11: 4 of 44 < 20%; [-3,12) at 12: 8/48; [-2,13) at 13: 12/52 = 23% (1st);
    // 14: 16/56 (2nd) -> fire. Out again when the window [m-15, m) holds 8 or fewer failures
    // of 60: at 27, [12, 27) holds 8 of 60 = 13%.
    expect(events.map((e) => [(e.at - start) / 60_000, e.kind])).toEqual([
      [14, 'fire'],
      [27, 'resolve'],
    ]);
  });
});
