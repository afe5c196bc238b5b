/**
 * When the stats client tries again, and after how long. Pure: the time (`now`) and the jitter
 * source (`random`) are inputs, so every decision can be tested as data.
 *
 * Transient failures (network, timeouts, 429, 5xx) are retried a small number of times with
 * exponential backoff and full jitter, so that many bot instances hitting a struggling API do not
 * retry in lockstep. A server's `Retry-After` is honoured, but never beyond the configured maximum
 * delay: a caller (a Slack user, an alert cycle) is waiting, and giving up with a clear error
 * beats hanging for minutes.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (2 -> at most 3 attempts). */
  readonly maxRetries: number;
  /** Backoff ceiling for the first retry; doubles on each further retry. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this, whether from backoff or from Retry-After. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
};

/** What went wrong in one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: 'network' }
  | { readonly kind: 'timeout' }
  | {
      readonly kind: 'http';
      readonly status: number;
      readonly retryAfter?: string | null | undefined;
    }
  | { readonly kind: 'invalid-response' }
  | { readonly kind: 'too-large' };

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | {
      readonly retry: false;
      readonly reason: 'not-retryable' | 'attempts-exhausted' | 'retry-after-too-long' | 'deadline';
      /** Why, in words, to append to the error the caller sees. */
      readonly explanation: string;
    };

export interface RetryInput {
  readonly outcome: AttemptOutcome;
  /** Attempts made so far, including the one that just failed (1 after the first). */
  readonly attempts: number;
  readonly now: number;
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** Time left before the caller's overall deadline; undefined when there is none. */
  readonly remainingMs?: number | undefined;
}

/** Network errors, timeouts, 429 and 5xx are worth another try; 4xx and bad bodies are not. */
export function isRetryable(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'http':
      return outcome.status === 429 || (outcome.status >= 500 && outcome.status <= 599);
    case 'invalid-response':
    case 'too-large':
      return false;
  }
}

/** Full jitter: uniform in [0, min(max, base * 2^retryIndex)). retryIndex 0 is the first retry. */
export function backoffDelayMs(
  retryIndex: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as a delay in ms from `now`: either delta-seconds or an HTTP date. Null when
 * absent or unreadable (the backoff applies then). A date in the past means "now": 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only dates that name a day and a zone (as HTTP dates do), so "5s" or "1.5" are not guessed at.
  if (!/[a-z]{3}/i.test(text) || !/(GMT|UTC|[+-]\d{4})$/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export function decideRetry(input: RetryInput, policy: RetryPolicy): RetryDecision {
  const { outcome, attempts } = input;
  if (!isRetryable(outcome)) {
    return { retry: false, reason: 'not-retryable', explanation: 'not retried' };
  }
  if (attempts > policy.maxRetries) {
    return {
      retry: false,
      reason: 'attempts-exhausted',
      explanation: `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
    };
  }
  const retryAfter =
    outcome.kind === 'http' ? parseRetryAfter(outcome.retryAfter, input.now) : null;
  if (retryAfter !== null && retryAfter > policy.maxDelayMs) {
    return {
      retry: false,
      reason: 'retry-after-too-long',
      explanation: `the API asked to retry after ${formatSeconds(retryAfter)}, longer than the ${formatSeconds(policy.maxDelayMs)} this bot waits`,
    };
  }
  const delayMs = retryAfter ?? backoffDelayMs(attempts - 1, policy, input.random);
  if (input.remainingMs !== undefined && delayMs >= input.remainingMs) {
    return {
      retry: false,
      reason: 'deadline',
      explanation: `no time left to retry before the deadline (after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
    };
  }
  return { retry: true, delayMs };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
