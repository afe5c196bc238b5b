import { describe, expect, it } from 'vitest';
import { type AlertLease, keepLease, leaseRenewMs } from '../../../src/alerts/lease.js';
import type { Timers } from '../../../src/lifecycle/timers.js';

/** Timers run by hand: `fire` runs the armed one. */
function manualTimers() {
  let armed: { fn: () => void; ms: number } | null = null;
  const timers: Timers = {
    set(fn, ms) {
      const entry = { fn, ms };
      armed = entry;
      return () => {
        if (armed === entry) armed = null;
      };
    },
  };
  return {
    timers,
    get armedMs() {
      return armed?.ms ?? null;
    },
    async fire() {
      const entry = armed;
      armed = null;
      entry?.fn();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

function scriptedLease(answers: Array<boolean | Error>): AlertLease {
  return {
    async acquire() {
      const answer = answers.shift() ?? false;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    held: () => true,
    release: async () => {},
  };
}

describe('keeping the alert lease', () => {
  it('says once when the lease is gained and once when it is lost; an error counts as lost', async () => {
    const boom = new Error('db down');
    const lease = scriptedLease([false, true, true, true, boom, boom, false, true]);
    const events: string[] = [];
    const t = manualTimers();
    const keeper = keepLease({
      lease,
      everyMs: 5_000,
      onAcquired: () => events.push('acquired'),
      onLost: async () => {
        events.push('lost');
      },
      onError: (error) => events.push(`error ${(error as Error).message}`),
      timers: t.timers,
    });
    keeper.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(t.armedMs).toBe(5_000);
    for (let i = 0; i < 7; i += 1) await t.fire();
    expect(events).toEqual(['acquired', 'error db down', 'lost', 'acquired']);
    expect(keeper.holding).toBe(true);
    await keeper.stop();
    expect(t.armedMs).toBeNull();
  });

  it('tries at least every 5 s, and every interval when shorter', () => {
    expect(leaseRenewMs(60_000)).toBe(5_000);
    expect(leaseRenewMs(2_000)).toBe(2_000);
    expect(leaseRenewMs(10)).toBe(100);
  });
});
