import { describe, expect, it } from 'vitest';
import {
  approxNormal,
  hexId,
  mix,
  pickWeighted,
  poisson,
  seedState,
  toUnit,
} from '../../../../src/dev/simulator/random.js';

describe('seeded hash', () => {
  it('is a pure function of its inputs', () => {
    const a = mix(mix(seedState(42), 3), 5_893_400);
    const b = mix(mix(seedState(42), 3), 5_893_400);
    expect(a).toBe(b);
  });

  it.each([
    ['seed', [mix(seedState(1), 7), mix(seedState(2), 7)]],
    ['key', [mix(seedState(1), 7), mix(seedState(1), 8)]],
    ['key order', [mix(mix(seedState(1), 1), 2), mix(mix(seedState(1), 2), 1)]],
  ])('changes with the %s', (_name, [x, y]) => {
    expect(x).not.toBe(y);
  });

  it.each([
    ['zero', 0],
    ['negative', -17],
    ['fractional', 3.9],
    ['beyond 32 bits', 2 ** 40 + 5],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('folds a %s seed into a 32-bit state', (_name, seed) => {
    const state = seedState(seed);
    expect(Number.isInteger(state)).toBe(true);
    expect(state).toBe(state | 0);
  });

  it('tells apart seeds that differ only above 32 bits', () => {
    expect(seedState(2 ** 40 + 5)).not.toBe(seedState(5));
  });

  it('spreads uniformly over [0, 1)', () => {
    const state = seedState(9);
    const n = 20_000;
    const draws = Array.from({ length: n }, (_, i) => toUnit(mix(state, i)));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const deciles = new Array<number>(10).fill(0);
    for (const u of draws) {
      const d = Math.floor(u * 10);
      deciles[d] = (deciles[d] ?? 0) + 1;
    }
    for (const count of deciles) expect(Math.abs(count - n / 10)).toBeLessThan(n / 10 / 10);
  });

  it('makes 16-hex-digit IDs that do not repeat', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5_000; i += 1) {
      const id = hexId(mix(seedState(1), i));
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(5_000);
  });
});

describe('distributions', () => {
  /** Evenly spread uniforms, so means are checked without sampling luck. */
  const grid = (n: number) => Array.from({ length: n }, (_, i) => (i + 0.5) / n);

  it.each([0.05, 1.5, 12, 45, 350])('poisson(%d) has that mean', (lambda) => {
    const draws = grid(4_000).map((u) => poisson(lambda, u));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - lambda)).toBeLessThan(Math.max(0.02, lambda * 0.02));
    expect(draws.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
  });

  it.each([
    ['zero', 0],
    ['negative', -3],
    ['NaN', Number.NaN],
  ])('poisson of a %s mean is 0', (_name, lambda) => {
    expect(poisson(lambda, 0.99)).toBe(0);
  });

  it('approxNormal is centred, symmetric and roughly unit-variance', () => {
    const z = grid(10_000).map(approxNormal);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(1e-9);
    expect(variance).toBeGreaterThan(0.85);
    expect(variance).toBeLessThan(1.15);
    expect(Number.isFinite(approxNormal(0))).toBe(true);
    expect(Number.isFinite(approxNormal(1))).toBe(true);
  });

  it.each([
    [[1, 1], 0.49, 0],
    [[1, 1], 0.51, 1],
    [[0, 5, 0], 0.0, 1],
    [[3, 1], 0.99, 1],
    [[2], 0.999, 0],
  ])('pickWeighted(%j, %d) = %d', (weights, u, expected) => {
    expect(pickWeighted(weights, u)).toBe(expected);
  });
});
