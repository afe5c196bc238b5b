import { describe, expect, it } from 'vitest';
import type { DeliveryPass, PassOptions } from '../../../src/alerts/deliver.js';
import { createDeliveryWorker } from '../../../src/alerts/delivery-worker.js';
import type { Timers } from '../../../src/lifecycle/timers.js';
import { silentLogger } from '../../../src/logging/logger.js';

const OK: DeliveryPass = { delivered: 1, retrying: 0, retryAfterMs: null, held: 0 };
const RETRY: DeliveryPass = { delivered: 0, retrying: 1, retryAfterMs: null, held: 0 };

/** A worker whose passes answer from a script, with timers the test fires by hand. */
function workerWorld(script: (DeliveryPass | Error)[]) {
  const passes: PassOptions[] = [];
  const armed: { ms: number; fn: () => void; live: boolean }[] = [];
  const timers: Timers = {
    set(fn, ms) {
      const timer = { ms, fn, live: true };
      armed.push(timer);
      return () => {
        timer.live = false;
      };
    },
  };
  let release: (() => void) | null = null;
  let hold = false;
  const worker = createDeliveryWorker({
    logger: silentLogger,
    random: () => 0,
    timers,
    async pass(options) {
      passes.push(options);
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      const next = script.shift() ?? OK;
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return {
    worker,
    passes,
    live: () => armed.filter((t) => t.live),
    fire() {
      const timer = armed.find((t) => t.live);
      if (timer === undefined) throw new Error('no timer armed');
      timer.live = false;
      timer.fn();
    },
    holdPasses() {
      hold = true;
    },
    releasePass() {
      hold = false;
      release?.();
    },
  };
}

describe('the alert delivery worker', () => {
  it('a pass that leaves work arms the next with growing backoff; a clean pass resets it', async () => {
    const w = workerWorld([RETRY, RETRY, RETRY, OK, RETRY]);
    w.worker.wake();
    await w.worker.idle();
    expect(w.live().map((t) => t.ms)).toEqual([1_000]);
    w.fire();
    await w.worker.idle();
    expect(w.live().map((t) => t.ms)).toEqual([2_000]);
    w.fire();
    await w.worker.idle();
    expect(w.live().map((t) => t.ms)).toEqual([4_000]);
    w.fire();
    await w.worker.idle();
    expect(w.live()).toEqual([]); // delivered: nothing armed
    w.worker.wake();
    await w.worker.idle();
    expect(w.live().map((t) => t.ms)).toEqual([1_000]);
  });

  it("waits at least Slack's Retry-After", async () => {
    const w = workerWorld([{ ...RETRY, retryAfterMs: 30_000 }]);
    w.worker.wake();
    await w.worker.idle();
    expect(w.live().map((t) => t.ms)).toEqual([30_000]);
  });

  it('retries of its own leave held notifications alone; cycles and joins include them', async () => {
    const w = workerWorld([RETRY]);
    w.worker.wake({ retryHeld: true });
    await w.worker.idle();
    w.fire();
    await w.worker.idle();
    expect(w.passes).toEqual([{ retryHeld: true }, { retryHeld: false }]);
  });

  it('a wake during a pass runs one more pass right after it, never two at once', async () => {
    const w = workerWorld([OK, OK, OK]);
    w.holdPasses();
    w.worker.wake({ retryHeld: false });
    w.worker.wake({ retryHeld: true });
    w.worker.wake({ retryHeld: false });
    expect(w.passes).toHaveLength(1);
    w.releasePass();
    await w.worker.idle();
    expect(w.passes).toEqual([{ retryHeld: false }, { retryHeld: true }]);
  });

  it('a pass that throws is logged and retried with backoff', async () => {
    const w = workerWorld([new Error('database is locked'), OK]);
    w.worker.wake();
    await w.worker.idle();
    expect(w.live().map((t) => t.ms)).toEqual([1_000]);
    w.fire();
    await w.worker.idle();
    expect(w.passes).toHaveLength(2);
  });

  it('stop cancels the armed pass and takes no more wakes', async () => {
    const w = workerWorld([RETRY]);
    w.worker.wake();
    await w.worker.idle();
    await w.worker.stop();
    expect(w.live()).toEqual([]);
    w.worker.wake();
    await w.worker.idle();
    expect(w.passes).toHaveLength(1);
  });
});
