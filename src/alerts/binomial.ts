/**
 * The one-sided binomial test used by rules with a baseline: how likely it is to see at least
 * `k` failures among `n` finished executions if each fails with the baseline probability `p`.
 * A small value means the failures are unlikely to be chance at the usual rate, so small volumes
 * (2 failures of 3) cannot fire a rule on their own.
 *
 * Computed in log space, term by term from k upwards, so that it stays accurate for large n
 * (tens of thousands of executions) where the terms themselves underflow a double.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection formula keeps the series in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/** ln of n choose k. */
export function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Terms smaller than this fraction of the running sum no longer change a double. */
const NEGLIGIBLE = Math.log(1e-17);

/**
 * P(X ≥ k) for X ~ Binomial(n, p). Whole k and n with 0 ≤ n; p in [0, 1]. Returns 1 when k ≤ 0
 * and 0 when k > n.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const ratio = logP - logQ;
  // The log of the first term, then each next one from the previous: C(n,i+1)/C(n,i) = (n-i)/(i+1).
  let logTerm = logChoose(n, k) + k * logP + (n - k) * logQ;
  let logSum = logTerm;
  for (let i = k; i < n; i++) {
    logTerm += Math.log((n - i) / (i + 1)) + ratio;
    logSum = logAddExp(logSum, logTerm);
    // Past the mode the terms only shrink: stop once they no longer matter.
    if (i + 1 > n * p && logTerm - logSum < NEGLIGIBLE) break;
  }
  return Math.min(1, Math.exp(logSum));
}

function logAddExp(a: number, b: number): number {
  const max = Math.max(a, b);
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}
