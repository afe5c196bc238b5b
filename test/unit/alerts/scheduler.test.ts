import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAlertScheduler } from '../../../src/alerts/scheduler.js';

describe('createAlertScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a cycle at once, then every interval, and skips ticks while one is still running', async () => {
    let started = 0;
    let release: (() => void) | null = null;
    const scheduler = createAlertScheduler({
      intervalMs: 1000,
      cycle: () => {
        started += 1;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      onError: () => {},
    });
    scheduler.start();
    expect(started).toBe(1);
    await vi.advanceTimersByTimeAsync(3000); // three ticks while the first cycle hangs
    expect(started).toBe(1);
    expect(scheduler.skipped).toBe(3);
    (release as (() => void) | null)?.();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    (release as (() => void) | null)?.();
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toBe(2);
  });

  it('reports a failed cycle and keeps going', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const scheduler = createAlertScheduler({
      intervalMs: 1000,
      cycle: async () => {
        runs += 1;
        throw new Error(`boom ${runs}`);
      },
      onError: (error) => errors.push(error),
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2000);
    await scheduler.stop();
    expect(runs).toBe(3);
    expect(errors).toHaveLength(3);
  });

  it('stop waits for the cycle under way', async () => {
    let finished = false;
    const scheduler = createAlertScheduler({
      intervalMs: 1000,
      cycle: async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        finished = true;
      },
      onError: () => {},
    });
    scheduler.start();
    const stopped = scheduler.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopped;
    expect(finished).toBe(true);
  });
});
