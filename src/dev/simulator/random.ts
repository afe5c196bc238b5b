/**
 * A stateless, seeded pseudo-random source: every number is a hash of (seed, keys…).
 *
 * Why stateless: the simulator must answer any window (the last 15 minutes, or 90 days ago)
 * without generating everything before it, and two overlapping queries must see the very same
 * executions. A stateful generator would make an execution depend on how many numbers were drawn
 * before it; a hash makes "execution 7 of billing's slot 5 893 400" a pure function of its name.
 *
 * The mixer is the 32-bit finaliser of MurmurHash3 applied after each key (good avalanche, cheap
 * in V8 with Math.imul). Keys must be integers that fit in 32 bits (slot numbers do; raw
 * millisecond instants do not: use seconds, or split them).
 */

const TWO_POW_32 = 4_294_967_296;

// Everything stays a signed 32-bit integer (`| 0`): V8 keeps those unboxed, and the simulator's
// inner loop runs a million times for a 90-day query.
function fmix(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85eb_ca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2_ae35);
  return x ^ (x >>> 16);
}

/**
 * One hashing step: the hash of (what `h` hashed so far, `key`). Chains compose, so a prefix
 * such as (seed, source, slot) is hashed once and shared by every execution of the slot.
 */
export function mix(h: number, key: number): number {
  return fmix((h ^ Math.imul(key | 0, 0x9e37_79b1)) + 0x6d2b_79f5);
}

/** Folds a seed of any size (negative, fractional or beyond 32 bits) into a 32-bit state. */
export function seedState(seed: number): number {
  const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const low = whole % TWO_POW_32;
  const high = Math.floor(whole / TWO_POW_32);
  return mix(mix(0x5bd1_e995, low), high);
}

/** A hash as a uniform number in [0, 1). */
export function toUnit(h: number): number {
  return (h >>> 0) / TWO_POW_32;
}

/** 16 lowercase hex digits from a hash and a second one derived from it: practically unique IDs. */
export function hexId(h: number): string {
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return hex(h) + hex(mix(h, 0x2545_f491));
}

/**
 * A standard-normal-like draw from one uniform: the logistic quantile scaled to unit variance.
 * Its tails are a little heavier than a true normal's, which suits durations and counts fine.
 */
export function approxNormal(u: number): number {
  const clamped = Math.min(Math.max(u, 1e-9), 1 - 1e-9);
  return Math.log(clamped / (1 - clamped)) * 0.5513;
}

/**
 * A Poisson draw with mean `lambda` from one uniform, by inverting the CDF (O(lambda) steps,
 * which is cheap for the per-slot means used here). Large means use the normal approximation,
 * where e^-lambda would underflow.
 */
export function poisson(lambda: number, u: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 200) {
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * approxNormal(u)));
  }
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u >= cdf && k < 1000) {
    k += 1;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** Picks an index with probability proportional to its weight; `u` in [0, 1). */
export function pickWeighted(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let target = u * total;
  for (let i = 0; i < weights.length; i += 1) {
    target -= weights[i] ?? 0;
    if (target < 0) return i;
  }
  return weights.length - 1;
}
