import { describe, expect, it } from 'vitest';
import type { Timers } from '../../../src/lifecycle/timers.js';
import {
  createRateGate,
  type Lane,
  RateGateStoppedError,
  type RateLimits,
} from '../../../src/slack/rate-gate.js';

/** A manual monotonic clock and timers: time moves only when the test says. */
function manualTime() {
  let now = 0;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  const set: Timers['set'] = (fn, ms) => {
    const timer = { at: now + ms, fn, live: true };
    timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  return {
    now: () => now,
    timers: { set },
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        now = due.at;
        due.live = false;
        due.fn();
        await Promise.resolve();
      }
      now = end;
      await Promise.resolve();
    },
  };
}

const LIMITS: RateLimits = {
  perMethod: {
    'chat.postMessage': { burst: 100, intervalMs: 10 },
    'chat.update': { burst: 2, intervalMs: 1_000 },
  },
  perChannelPost: { burst: 2, intervalMs: 1_000 },
};

function gateWorld() {
  const time = manualTime();
  const gate = createRateGate(LIMITS, time.timers, time.now);
  const order: string[] = [];
  const take = (name: string, method: string, channel: string | null, lane: Lane) =>
    gate.acquire(method, channel, lane).then(
      () => order.push(`${name}@${time.now()}`),
      (error: unknown) => order.push(`${name}:${(error as Error).name}`),
    );
  return { time, gate, order, take };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the Slack rate gate', () => {
  it('lets a burst through in one channel, then one post per interval', async () => {
    const { time, order, take } = gateWorld();
    for (const name of ['a', 'b', 'c', 'd']) void take(name, 'chat.postMessage', 'C1', 'digests');
    await flush();
    expect(order).toEqual(['a@0', 'b@0']);
    await time.advance(1_000);
    await flush();
    expect(order).toEqual(['a@0', 'b@0', 'c@1000']);
    await time.advance(1_000);
    await flush();
    expect(order).toEqual(['a@0', 'b@0', 'c@1000', 'd@2000']);
  });

  it('paces channels separately: a busy channel does not hold up another', async () => {
    const { order, take } = gateWorld();
    for (const name of ['a', 'b', 'c']) void take(name, 'chat.postMessage', 'C1', 'digests');
    void take('other', 'chat.postMessage', 'C2', 'digests');
    await flush();
    expect(order).toEqual(['a@0', 'b@0', 'other@0']);
  });

  it('serves alerts before digests waiting on the same channel, whatever their order', async () => {
    const { time, order, take } = gateWorld();
    for (const name of ['d1', 'd2', 'd3', 'd4', 'd5'])
      void take(name, 'chat.postMessage', 'C1', 'digests');
    await flush();
    void take('alert', 'chat.postMessage', 'C1', 'alerts');
    await time.advance(1_000);
    await flush();
    expect(order).toEqual(['d1@0', 'd2@0', 'alert@1000']);
    await time.advance(2_000);
    await flush();
    expect(order).toEqual(['d1@0', 'd2@0', 'alert@1000', 'd3@2000', 'd4@3000']);
  });

  it('a 429 closes the bucket for as long as Slack said; other channels go on', async () => {
    const { time, gate, order, take } = gateWorld();
    gate.rateLimited('chat.postMessage', 'C1', 5_000);
    void take('c1', 'chat.postMessage', 'C1', 'alerts');
    void take('c2', 'chat.postMessage', 'C2', 'alerts');
    await flush();
    expect(order).toEqual(['c2@0']);
    await time.advance(4_999);
    await flush();
    expect(order).toEqual(['c2@0']);
    await time.advance(1);
    await flush();
    expect(order).toEqual(['c2@0', 'c1@5000']);
  });

  it('a 429 on another method closes that method', async () => {
    const { time, gate, order, take } = gateWorld();
    gate.rateLimited('chat.update', 'C1', 3_000);
    void take('u', 'chat.update', 'C9', 'alerts');
    await flush();
    expect(order).toEqual([]);
    await time.advance(3_000);
    await flush();
    expect(order).toEqual(['u@3000']);
  });

  it('does not pace methods it has no limit for', async () => {
    const { order, take } = gateWorld();
    for (const name of ['a', 'b', 'c']) void take(name, 'users.info', null, 'digests');
    await flush();
    expect(order).toEqual(['a@0', 'b@0', 'c@0']);
  });

  it('stop rejects waiters and later calls', async () => {
    const { gate, order, take } = gateWorld();
    for (const name of ['a', 'b', 'c']) void take(name, 'chat.postMessage', 'C1', 'digests');
    await flush();
    gate.stop();
    void take('late', 'chat.postMessage', 'C2', 'alerts');
    await flush();
    expect(order).toEqual([
      'a@0',
      'b@0',
      `c:${RateGateStoppedError.name}`,
      `late:${RateGateStoppedError.name}`,
    ]);
    expect(gate.waiting).toBe(0);
  });

  it('keeps at most a bounded number of channel buckets (a bot in thousands of channels)', async () => {
    const { time, order, take } = gateWorld();
    for (let i = 0; i < 2_100; i += 1) void take(`p${i}`, 'chat.postMessage', `C${i}`, 'digests');
    await time.advance(60_000);
    await flush();
    expect(order).toHaveLength(2_100);
  });
});
