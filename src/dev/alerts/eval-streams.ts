import { mix, poisson, seedState, toUnit } from '../simulator/random.js';
import { type CountStream, MINUTE_MS } from './stream-replay.js';

/**
 * Synthetic count streams for the evaluation suite: per-minute executions of a few (or a few
 * thousand) source systems, with the simulator's daily and weekly volume curve, and a
 * disturbance placed in time. Every count is a pure function of (seed, source, minute), so a run
 * can be repeated exactly and any stretch computed alone.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** How busy a source is and how often it fails; the simulator's SourceProfile fields it needs. */
export interface StreamSource {
  readonly name: string;
  /** Mean executions per minute at the daily peak on a weekday. */
  readonly peakPerMinute: number;
  readonly peakHourUtc: number;
  readonly troughShare: number;
  readonly weekendShare: number;
  readonly failureRate: number;
}

/** Mean executions per minute at `t`: the simulator's curve (model.ts expectedPerSlot). */
export function meanPerMinute(source: StreamSource, t: number): number {
  const hour = (((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  const wave = 0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - source.peakHourUtc)) / 24);
  const daily = source.troughShare + (1 - source.troughShare) * wave;
  const weekday = (((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7;
  const week = weekday === 0 || weekday === 6 ? source.weekendShare : 1;
  return source.peakPerMinute * daily * week;
}

export interface StreamPlan {
  readonly seed: number;
  /** Unix ms of the first minute (whole minute). */
  readonly start: number;
  readonly minutes: number;
  readonly sources: readonly StreamSource[];
  /** Failure probability of source `s` at `t`; default its usual rate. */
  readonly rateAt?: (s: number, t: number, usual: number) => number;
  /** Multiplies the volume of source `s` at `t` (0: nothing finishes); default 1. */
  readonly volumeAt?: (s: number, t: number) => number;
  /**
   * Failures come in clusters: one bad input retried 1 + Poisson(2) times, one retry a minute,
   * at the same overall rate. The binomial test's independence does not hold.
   */
  readonly clustered?: boolean;
  /** Stretches when the stats API cannot be read. */
  readonly apiDown?: readonly (readonly [number, number])[];
}

const CLUSTER_MEAN = 3;

export function generateStream(plan: StreamPlan): CountStream {
  const state = seedState(plan.seed);
  const failed: Int32Array[] = [];
  const terminal: Int32Array[] = [];
  const firstMinute = Math.floor(plan.start / MINUTE_MS);
  plan.sources.forEach((source, s) => {
    const f = new Int32Array(plan.minutes);
    const n = new Int32Array(plan.minutes);
    const sourceKey = mix(state, s);
    for (let m = 0; m < plan.minutes; m++) {
      const t = plan.start + m * MINUTE_MS;
      const key = mix(sourceKey, firstMinute + m);
      const volume = plan.volumeAt?.(s, t) ?? 1;
      const mean = meanPerMinute(source, t) * volume;
      if (mean <= 0) continue;
      const p = plan.rateAt?.(s, t, source.failureRate) ?? source.failureRate;
      if (plan.clustered === true) {
        // Successes as usual; failures as clusters of retries, one a minute.
        const ok = poisson(mean * (1 - p), toUnit(mix(key, 1)));
        n[m] = (n[m] as number) + ok;
        const clusters = poisson((mean * p) / CLUSTER_MEAN, toUnit(mix(key, 2)));
        for (let c = 0; c < clusters; c++) {
          const size = 1 + poisson(CLUSTER_MEAN - 1, toUnit(mix(key, 100 + c)));
          for (let r = 0; r < size && m + r < plan.minutes; r++) {
            f[m + r] = (f[m + r] as number) + 1;
            n[m + r] = (n[m + r] as number) + 1;
          }
        }
        continue;
      }
      const count = poisson(mean, toUnit(mix(key, 1)));
      n[m] = count;
      f[m] = binomial(count, p, key);
    }
    failed.push(f);
    terminal.push(n);
  });
  let apiDown: Uint8Array | undefined;
  if (plan.apiDown !== undefined && plan.apiDown.length > 0) {
    apiDown = new Uint8Array(plan.minutes);
    for (let m = 0; m < plan.minutes; m++) {
      const t = plan.start + m * MINUTE_MS;
      if (plan.apiDown.some(([a, b]) => t >= a && t < b)) apiDown[m] = 1;
    }
  }
  return {
    start: plan.start,
    minutes: plan.minutes,
    sources: plan.sources.map((s) => s.name),
    failed,
    terminal,
    ...(apiDown === undefined ? {} : { apiDown }),
  };
}

/** Binomial(n, p) from the hash `key`: one uniform per trial (n is small per minute). */
function binomial(n: number, p: number, key: number): number {
  if (p <= 0 || n === 0) return 0;
  if (n > 200) {
    const mean = n * p;
    const u = toUnit(mix(key, 3));
    // Normal approximation through the logistic quantile (as random.ts approxNormal).
    const z = Math.log(Math.min(Math.max(u, 1e-9), 1 - 1e-9) / (1 - u)) * 0.5513;
    return Math.min(n, Math.max(0, Math.round(mean + z * Math.sqrt(mean * (1 - p)))));
  }
  let k = 0;
  for (let i = 0; i < n; i++) if (toUnit(mix(key, 10 + i)) < p) k += 1;
  return k;
}

/**
 * `count` source systems with volumes from 0.05 to 3 a minute at their peak (log-uniform), usual
 * failure rates from 0.5% to 5%, peaks at any hour: a large organisation's long tail.
 */
export function manySources(count: number, seed: number): StreamSource[] {
  const state = mix(seedState(seed), 0x51_7e);
  return Array.from({ length: count }, (_, i) => {
    const u = (k: number) => toUnit(mix(mix(state, i), k));
    return {
      name: `source-${String(i).padStart(4, '0')}`,
      peakPerMinute: 0.05 * 60 ** u(1),
      peakHourUtc: 24 * u(2),
      troughShare: 0.2 + 0.3 * u(3),
      weekendShare: 0.3 + 0.7 * u(4),
      failureRate: 0.005 + 0.045 * u(5),
    };
  });
}

/** Sum of a source's counts over minutes [a, b) of the stream. */
export function sumOf(values: Int32Array | undefined, a: number, b: number): number {
  let total = 0;
  if (values === undefined) return 0;
  for (let m = Math.max(0, a); m < Math.min(values.length, b); m++) total += values[m] as number;
  return total;
}
