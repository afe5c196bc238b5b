import { describe, expect, it } from 'vitest';
import { backoffDelay, DELIVERY_BACKOFF, pause } from '../../../src/slack/backoff.js';

describe('delivery backoff', () => {
  it.each([
    [1, 0, 1_000],
    [1, 0.999_999, 2_000],
    [2, 0, 2_000],
    [3, 0.5, 6_000],
    [7, 0, 60_000],
    [20, 0.999_999, 120_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, DELIVERY_BACKOFF, random)).toBe(expected);
  });

  it("waits at least what Slack's Retry-After asked", () => {
    expect(backoffDelay(1, DELIVERY_BACKOFF, 0, 30_000)).toBe(30_000);
    expect(backoffDelay(5, DELIVERY_BACKOFF, 0, 1_000)).toBe(16_000);
  });

  it('a pause ends at once, false, when stopped', async () => {
    const controller = new AbortController();
    const waiting = pause(60_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(await pause(1, controller.signal)).toBe(false);
    expect(await pause(1, new AbortController().signal)).toBe(true);
  });
});
