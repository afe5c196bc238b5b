/**
 * How long to wait before the next try of a delivery that did not go through: exponential from
 * `baseMs`, capped at `maxMs`, with full jitter so that many retries after one outage spread out
 * instead of arriving together. Slack's own Retry-After, when it gave one, wins if longer.
 */

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** 2 s, 4 s, 8 s… up to 2 min: an outage of a few minutes is ridden out within minutes of its end. */
export const DELIVERY_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 120_000 };

/** `attempt` counts from 1 (the wait after the first failure); `random` in [0, 1). */
export function backoffDelay(
  attempt: number,
  backoff: Backoff,
  random: number,
  retryAfterMs: number | null = null,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  // Full jitter, but never under half the ceiling: a retry storm spreads, a single retry still waits.
  const delay = Math.round(ceiling / 2 + (ceiling / 2) * random);
  return Math.max(delay, retryAfterMs ?? 0);
}

/** Resolves after `ms`, or at once (false) when `signal` aborts; true when the time has passed. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
