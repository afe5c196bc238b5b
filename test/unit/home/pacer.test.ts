import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../src/home/pacer.js';

/** A pacer on a simulated clock: sleeping moves the clock, so no test waits on the wall clock. */
function simulated(perSecond: number) {
  let now = 0;
  const starts: { name: string; at: number }[] = [];
  const pacer = createPacer({
    perSecond,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  const task = (name: string) => async () => {
    starts.push({ name, at: now });
    return name;
  };
  return { pacer, starts, task };
}

describe('pacing views.publish', () => {
  it('starts at most perSecond tasks a second, in order', async () => {
    const { pacer, starts, task } = simulated(4);
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => pacer.run(task(n))));
    expect(results).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(starts.map((s) => s.at)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('puts an urgent task (a tab just opened) before the ones waiting', async () => {
    const { pacer, starts, task } = simulated(2);
    const waiting = ['r1', 'r2', 'r3'].map((n) => pacer.run(task(n)));
    const urgent = pacer.run(task('opened'), { urgent: true });
    await Promise.all([...waiting, urgent]);
    expect(starts.map((s) => s.name)).toEqual(['r1', 'opened', 'r2', 'r3']);
  });

  it('passes a failure to its caller and goes on with the next task', async () => {
    const { pacer, task } = simulated(10);
    const failed = pacer.run(async () => {
      throw new Error('no');
    });
    const next = pacer.run(task('next'));
    await expect(failed).rejects.toThrow('no');
    await expect(next).resolves.toBe('next');
    expect(pacer.waiting).toBe(0);
  });
});
