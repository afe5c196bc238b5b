import { describe, expect, it } from 'vitest';
import { binomialUpperTail, logGamma } from '../../../src/alerts/binomial.js';

/** P(X ≥ k) by exact rational arithmetic, p = num/den: an oracle independent of the log-space code. */
function exactTail(k: number, n: number, num: number, den: number): number {
  let sum = 0n;
  let choose = 1n; // C(n, 0)
  for (let i = 0; i <= n; i++) {
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    if (i >= k) sum += choose * BigInt(num) ** BigInt(i) * BigInt(den - num) ** BigInt(n - i);
  }
  const total = BigInt(den) ** BigInt(n);
  // Scaled so that even a tail near 1e-40 keeps 20 significant digits through the division.
  const scale = 10n ** 60n;
  return Number((sum * scale) / total) / 1e60;
}

describe('binomialUpperTail', () => {
  it.each([
    // Textbook values: a fair coin.
    { k: 5, n: 10, p: 0.5, expected: 638 / 1024 },
    { k: 3, n: 3, p: 0.5, expected: 1 / 8 },
    { k: 10, n: 10, p: 0.5, expected: 1 / 1024 },
    { k: 1, n: 1, p: 0.3, expected: 0.3 },
    // 1 - P(X = 0) = 1 - 0.9^10.
    { k: 1, n: 10, p: 0.1, expected: 1 - 0.9 ** 10 },
  ])('P(X ≥ $k | n=$n, p=$p) = $expected', ({ k, n, p, expected }) => {
    expect(binomialUpperTail(k, n, p)).toBeCloseTo(expected, 12);
  });

  it.each([
    { k: 5, n: 40, num: 1, den: 50 },
    { k: 12, n: 53, num: 3, den: 200 },
    { k: 2, n: 3, num: 1, den: 30 },
    { k: 30, n: 120, num: 1, den: 10 },
    { k: 60, n: 200, num: 1, den: 4 },
  ])('matches exact arithmetic for k=$k n=$n p=$num/$den', ({ k, n, num, den }) => {
    const exact = exactTail(k, n, num, den);
    const computed = binomialUpperTail(k, n, num / den);
    expect(Math.abs(computed - exact) / exact).toBeLessThan(1e-9);
  });

  it('handles the edges', () => {
    expect(binomialUpperTail(0, 10, 0.2)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.2)).toBe(0);
    expect(binomialUpperTail(3, 10, 0)).toBe(0);
    expect(binomialUpperTail(3, 10, 1)).toBe(1);
    expect(binomialUpperTail(0, 0, 0.5)).toBe(1);
  });

  it('stays finite and ordered for large volumes where plain products underflow', () => {
    const n = 100_000;
    const p = 0.01;
    const atMean = binomialUpperTail(1000, n, p);
    const far = binomialUpperTail(1300, n, p);
    const farther = binomialUpperTail(2000, n, p);
    expect(atMean).toBeGreaterThan(0.4);
    expect(atMean).toBeLessThan(0.6);
    expect(far).toBeGreaterThan(0);
    expect(far).toBeLessThan(1e-15);
    expect(farther).toBeGreaterThanOrEqual(0);
    expect(farther).toBeLessThan(far);
  });

  it('agrees with the complement identity P(X ≥ k | p) + P(X ≥ n-k+1 | 1-p) = 1', () => {
    for (const [k, n, p] of [
      [4, 20, 0.15],
      [15, 30, 0.4],
      [7, 9, 0.8],
    ] as const) {
      expect(binomialUpperTail(k, n, p) + binomialUpperTail(n - k + 1, n, 1 - p)).toBeCloseTo(
        1,
        12,
      );
    }
  });
});

describe('logGamma', () => {
  it('gives ln((n-1)!) for whole numbers', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      if (n > 1) factorial *= n - 1;
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 10);
    }
  });
  it('gives ln √π at 1/2', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});
