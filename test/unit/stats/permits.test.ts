import { describe, expect, it } from 'vitest';
import { createPermits } from '../../../src/stats/permits.js';

describe('permits', () => {
  it('gives out at most its count; a release hands the permit to the first in line', async () => {
    const permits = createPermits(2);
    const a = await permits.acquire();
    const b = await permits.acquire();
    const order: string[] = [];
    const c = permits.acquire().then((p) => {
      order.push('c');
      return p;
    });
    const d = permits.acquire().then((p) => {
      order.push('d');
      return p;
    });
    expect(permits.available()).toBe(0);
    expect(permits.waiting()).toBe(2);
    a.release();
    a.release(); // a second release does nothing
    await c;
    expect(order).toEqual(['c']);
    b.release();
    (await d).release();
    (await c).release();
    expect(order).toEqual(['c', 'd']);
    expect(permits.available()).toBe(2);
  });

  it('a waiter whose signal aborts leaves the line with the reason', async () => {
    const permits = createPermits(1);
    const held = await permits.acquire();
    const controller = new AbortController();
    const waiting = permits.acquire(controller.signal);
    const next = permits.acquire();
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(permits.waiting()).toBe(1);
    held.release();
    (await next).release();
    expect(permits.available()).toBe(1);
  });

  it('an already aborted signal is refused at once', async () => {
    const permits = createPermits(1);
    await expect(permits.acquire(AbortSignal.abort(new Error('late')))).rejects.toThrow('late');
    expect(permits.available()).toBe(1);
  });
});
