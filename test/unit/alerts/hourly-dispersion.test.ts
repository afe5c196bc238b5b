import { describe, expect, it } from 'vitest';
import {
  believedDispersion,
  chiSquareQuantile,
  hourlyDispersion,
  hourlyDispersionBySubject,
  truncatedChiSquareMean,
} from '../../../src/alerts/hourly-dispersion.js';
import type { Counts } from '../../../src/alerts/types.js';
import { rule, stats } from './fixtures.js';

/** A seeded uniform generator (mulberry32): the same hours on every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function poisson(mean: number, u: () => number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const x = u();
  while (x > cdf && k < 1_000) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/** `hours` hours of `terminal` executions each at `rate`: independent failures, or in clusters of 1 + Poisson(2). */
function day(
  seed: number,
  terminal: number,
  rate: number,
  clustered: boolean,
  hours = 24,
): Counts[] {
  const u = uniform(seed);
  return Array.from({ length: hours }, () => {
    if (!clustered) {
      let failed = 0;
      for (let i = 0; i < terminal; i++) if (u() < rate) failed += 1;
      return { failed, terminal };
    }
    let failed = 0;
    const clusters = poisson((terminal * rate) / 3, u);
    for (let c = 0; c < clusters; c++) failed += 1 + poisson(2, u);
    return { failed, terminal };
  });
}

/** The mean estimate over 40 days (each estimate alone is noisy: see believedDispersion). */
function meanEstimate(terminal: number, rate: number, clustered: boolean): number {
  let sum = 0;
  let count = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const e = hourlyDispersion(day(seed, terminal, rate, clustered));
    if (e === null) continue;
    sum += e.phi;
    count += 1;
  }
  return sum / count;
}

describe('hourlyDispersion', () => {
  it('tells quiet clustered hours from independent ones far more often from 48 hours than from 24', () => {
    // A Sunday's volume: 40 executions an hour at 3%, about one failure an hour.
    const believed = (hours: number, clustered: boolean) =>
      Array.from({ length: 40 }, (_, i) =>
        believedDispersion(hourlyDispersion(day(i + 1, 40, 0.03, clustered, hours))),
      ).filter((phi) => phi > 1).length;
    // 17 and 35 of 40 on these seeds; independent hours are never taken for clustered.
    expect(believed(24, true)).toBeLessThanOrEqual(20);
    expect(believed(48, true)).toBeGreaterThanOrEqual(32);
    expect(believed(48, false)).toBe(0);
  });

  it.each([
    {
      name: 'independent, 5% of 100 an hour',
      terminal: 100,
      rate: 0.05,
      clustered: false,
      lo: 0.8,
      hi: 1.2,
    },
    {
      name: 'independent, 2% of 400 an hour',
      terminal: 400,
      rate: 0.02,
      clustered: false,
      lo: 0.8,
      hi: 1.2,
    },
    {
      name: 'clusters of 1 + Poisson(2), 5% of 100',
      terminal: 100,
      rate: 0.05,
      clustered: true,
      lo: 3,
      hi: 4.5,
    },
    {
      name: 'clusters of 1 + Poisson(2), 3% of 300',
      terminal: 300,
      rate: 0.03,
      clustered: true,
      lo: 3,
      hi: 4.5,
    },
  ])(
    '$name: about the variance of a cluster in units of its mean',
    ({ terminal, rate, clustered, lo, hi }) => {
      const phi = meanEstimate(terminal, rate, clustered);
      expect(phi).toBeGreaterThan(lo);
      expect(phi).toBeLessThan(hi);
    },
  );

  it('is not inflated by one incident hour among 23 quiet ones', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const quiet = day(seed, 100, 0.05, false);
      const incident = quiet.map((h, i) => (i === 12 ? { failed: 45, terminal: 100 } : h));
      const before = hourlyDispersion(quiet)?.phi ?? Number.NaN;
      const after = hourlyDispersion(incident)?.phi ?? Number.NaN;
      // Its two pairs are cut; what moves is only which of the day's larger pairs the cut keeps.
      expect(Math.abs(after - before)).toBeLessThan(0.5);
      expect(believedDispersion(hourlyDispersion(incident))).toBe(1);
    }
  });

  it('does not take a 12-hour incident for clustering (its level is not the day’s)', () => {
    const hours = day(3, 100, 0.05, false).map((h, i) =>
      i >= 6 && i < 18 ? { failed: 50 + (i % 3) * 3, terminal: 100 } : h,
    );
    expect(believedDispersion(hourlyDispersion(hours))).toBe(1);
  });

  it.each([
    {
      name: 'no failures at all',
      hours: Array.from({ length: 24 }, () => ({ failed: 0, terminal: 50 })),
    },
    {
      name: 'failures in only a few hours',
      hours: Array.from({ length: 24 }, (_, i) => ({ failed: i % 6 === 0 ? 3 : 0, terminal: 50 })),
    },
    {
      name: 'too few hours',
      hours: Array.from({ length: 6 }, () => ({ failed: 5, terminal: 50 })),
    },
    {
      name: 'no executions',
      hours: Array.from({ length: 24 }, () => ({ failed: 0, terminal: 0 })),
    },
  ])('gives no estimate with too little to go on: $name', ({ hours }) => {
    expect(hourlyDispersion(hours)).toBeNull();
  });
});

describe('believedDispersion', () => {
  it.each([
    { estimate: null, believed: 1 },
    { estimate: { phi: 0.7, pairs: 23 }, believed: 1 },
    { estimate: { phi: 2, pairs: 23 }, believed: 1 }, // by chance in ~1% of independent days
    { estimate: { phi: 3.5, pairs: 23 }, believed: 3.5 },
    { estimate: { phi: 3.5, pairs: 8 }, believed: 1 }, // 8 pairs: 3.7 needed
    { estimate: { phi: 4.2, pairs: 8 }, believed: 4.2 },
  ])('$estimate → $believed', ({ estimate, believed }) => {
    expect(believedDispersion(estimate)).toBe(believed);
  });
});

describe('hourlyDispersionBySubject', () => {
  // Hours alternate 0 and 4 failures of 100: every pair (0 - 2)² / 1 = 4, so φ ≈ 4 / 0.958.
  const alternating = (i: number): readonly [number, number] => [i % 2 === 0 ? 0 : 4, 100];
  const steady = (i: number): readonly [number, number] => [i % 4 === 0 ? 3 : 2, 100];

  it('estimates each source of a per-source rule from its own counts; a source absent in an hour had none', () => {
    const hours = Array.from({ length: 24 }, (_, i) =>
      stats(i === 5 ? { payments: steady(i) } : { billing: alternating(i), payments: steady(i) }),
    );
    const estimates = hourlyDispersionBySubject(rule({ scope: 'per-source' }), hours);
    expect(estimates.get('billing')).toBeGreaterThan(3.5);
    expect(estimates.get('payments')).toBe(1);
    expect([...estimates.keys()].sort()).toEqual(['billing', 'payments']);
  });

  it('adds up the watched sources for an overall rule with sources', () => {
    const hours = Array.from({ length: 24 }, (_, i) =>
      stats({ billing: alternating(i), payments: steady(i), crm: alternating(i + 1) }),
    );
    const billingOnly = hourlyDispersionBySubject(rule({ sources: ['billing'] }), hours);
    expect([...billingOnly.values()][0]).toBeGreaterThan(3.5);
    // billing and crm alternate out of step: together 4 failures every hour, nothing clustered.
    const both = hourlyDispersionBySubject(rule({ sources: ['billing', 'crm'] }), hours);
    expect([...both.values()][0]).toBe(1);
  });
});

describe('the χ² helpers', () => {
  it('match the tables', () => {
    expect(chiSquareQuantile(10, 0.995)).toBeCloseTo(25.19, 0);
    expect(chiSquareQuantile(4, 0.99)).toBeCloseTo(13.28, 0);
    // E[χ²(1) | χ²(1) ≤ 3.84] (the 95% quantile) = P(χ²(3) ≤ 3.84) / 0.95 = 0.721 / 0.95.
    expect(truncatedChiSquareMean(3.841)).toBeCloseTo(0.759, 2);
    expect(truncatedChiSquareMean(19)).toBeCloseTo(1, 2);
  });
});
