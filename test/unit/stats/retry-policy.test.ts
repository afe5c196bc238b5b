import { describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isRetryable,
  parseRetryAfter,
  type RetryPolicy,
} from '../../../src/stats/client.js';

const policy: RetryPolicy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000 };
const now = Date.UTC(2026, 10, 2, 9, 0, 0);
const http = (status: number, retryAfter?: string): AttemptOutcome => ({
  kind: 'http',
  status,
  retryAfter,
});

describe('isRetryable', () => {
  it.each<[string, AttemptOutcome, boolean]>([
    ['network error', { kind: 'network' }, true],
    ['timeout', { kind: 'timeout' }, true],
    ['429', http(429), true],
    ['500', http(500), true],
    ['502', http(502), true],
    ['503', http(503), true],
    ['599', http(599), true],
    ['400', http(400), false],
    ['401', http(401), false],
    ['403', http(403), false],
    ['404', http(404), false],
    ['408', http(408), false],
    ['301', http(301), false],
    ['600 (nonsense)', http(600), false],
    ['invalid body', { kind: 'invalid-response' }, false],
    ['too large', { kind: 'too-large' }, false],
  ])('%s -> %s', (_name, outcome, expected) => {
    expect(isRetryable(outcome)).toBe(expected);
  });
});

describe('backoffDelayMs (full jitter)', () => {
  it.each([
    [0, 0.5, 0.5 * 100],
    [1, 0.5, 0.5 * 200],
    [2, 0.5, 0.5 * 400],
    [3, 0.999, Math.floor(0.999 * 800)],
    [4, 0.999, Math.floor(0.999 * 1_000)],
    [20, 0.5, 0.5 * 1_000],
    [2, 0, 0],
  ])('retry %i with random %f -> %f ms', (retryIndex, random, expected) => {
    expect(backoffDelayMs(retryIndex, policy, () => random)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['delta seconds', '3', 3_000],
    ['zero', '0', 0],
    ['padded seconds', ' 12 ', 12_000],
    ['HTTP date ahead', new Date(now + 7_000).toUTCString(), 7_000],
    ['HTTP date in the past', new Date(now - 60_000).toUTCString(), 0],
    ['missing', undefined, null],
    ['null', null, null],
    ['empty', '', null],
    ['negative', '-5', null],
    ['fraction', '1.5', null],
    ['unit suffix', '5s', null],
    ['garbage', 'soon', null],
    ['date without a zone', '2026-11-02 09:00', null],
  ])('%s', (_name, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('decideRetry', () => {
  const random = () => 0.5;
  const cases: Array<
    [string, AttemptOutcome, number, number | undefined, Record<string, unknown>]
  > = [
    ['first network error', { kind: 'network' }, 1, undefined, { retry: true, delayMs: 50 }],
    [
      'second timeout doubles the ceiling',
      { kind: 'timeout' },
      2,
      undefined,
      { retry: true, delayMs: 100 },
    ],
    [
      'third failure gives up',
      { kind: 'network' },
      3,
      undefined,
      { retry: false, reason: 'attempts-exhausted' },
    ],
    ['500 retried', http(500), 1, undefined, { retry: true, delayMs: 50 }],
    ['400 never retried', http(400), 1, undefined, { retry: false, reason: 'not-retryable' }],
    [
      'invalid body never retried',
      { kind: 'invalid-response' },
      1,
      undefined,
      { retry: false, reason: 'not-retryable' },
    ],
    [
      '429 with Retry-After waits as asked',
      http(429, '1'),
      1,
      undefined,
      { retry: true, delayMs: 1_000 },
    ],
    [
      '503 with Retry-After 0 retries at once',
      http(503, '0'),
      1,
      undefined,
      { retry: true, delayMs: 0 },
    ],
    [
      '429 with garbage Retry-After uses backoff',
      http(429, 'later'),
      1,
      undefined,
      { retry: true, delayMs: 50 },
    ],
    [
      'Retry-After above the cap gives up',
      http(429, '2'),
      1,
      undefined,
      { retry: false, reason: 'retry-after-too-long' },
    ],
    [
      'Retry-After as a date',
      http(503, new Date(now + 1_000).toUTCString()),
      1,
      undefined,
      { retry: true, delayMs: 1_000 },
    ],
    [
      'no time left before the deadline',
      { kind: 'timeout' },
      1,
      40,
      { retry: false, reason: 'deadline' },
    ],
    ['enough time left', { kind: 'timeout' }, 1, 51, { retry: true, delayMs: 50 }],
    [
      'Retry-After beyond the deadline',
      http(429, '1'),
      1,
      900,
      { retry: false, reason: 'deadline' },
    ],
  ];
  it.each(cases)('%s', (_name, outcome, attempts, remainingMs, expected) => {
    expect(decideRetry({ outcome, attempts, now, random, remainingMs }, policy)).toMatchObject(
      expected,
    );
  });

  it('says why it gave up on a long Retry-After', () => {
    const decision = decideRetry(
      { outcome: http(429, '120'), attempts: 1, now, random },
      DEFAULT_RETRY_POLICY,
    );
    expect(decision.retry).toBe(false);
    if (!decision.retry) expect(decision.explanation).toMatch(/120 s.*longer than the 5 s/);
  });

  it('says how many attempts were made when it gives up', () => {
    const decision = decideRetry(
      { outcome: http(502), attempts: 3, now, random },
      DEFAULT_RETRY_POLICY,
    );
    expect(decision).toMatchObject({ retry: false, explanation: 'gave up after 3 attempts' });
  });

  it('retries nothing when maxRetries is 0', () => {
    const none = { ...policy, maxRetries: 0 };
    expect(
      decideRetry({ outcome: { kind: 'network' }, attempts: 1, now, random }, none),
    ).toMatchObject({
      retry: false,
      reason: 'attempts-exhausted',
    });
  });
});
