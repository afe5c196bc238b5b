import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/charts/chart-engine.js';
import { createChartRenderer } from '../../../src/charts/renderer.js';
import { hourlyBuckets, statsChart } from './fixtures.js';

/** An engine that records what it was asked, for the renderer's own logic (no Vega here). */
function fakeEngine(order: string[], failures = 0): Engine {
  let left = failures;
  return {
    draw: async () => {
      order.push('start');
      // A drawing takes a while: other drawings must not start meanwhile.
      await new Promise((done) => setImmediate(done));
      order.push('end');
      if (left-- > 0) throw new Error('engine broke');
      return { png: new Uint8Array([1, 2, 3]), width: 1200, height: 600 };
    },
    svg: async () => '<svg/>',
  };
}

describe('createChartRenderer with an injected engine', () => {
  it('does not cache a failed render: the next call draws again', async () => {
    const order: string[] = [];
    const drawn: string[] = [];
    const engine = fakeEngine(order, 1);
    const renderer = createChartRenderer({
      loadEngine: async () => engine,
      onDrawn: ({ kind }) => drawn.push(kind),
    });
    const chart = statsChart(hourlyBuckets(3, () => 1));
    await expect(renderer.render(chart)).rejects.toThrow('engine broke');
    const rendered = await renderer.render(chart);
    expect([...rendered.png]).toEqual([1, 2, 3]);
    expect(drawn).toEqual(['stats']);
  });

  it('shares one drawing between callers asking for the same chart at once', async () => {
    const order: string[] = [];
    const renderer = createChartRenderer({ loadEngine: async () => fakeEngine(order) });
    const chart = statsChart(hourlyBuckets(3, () => 1));
    const [a, b] = await Promise.all([renderer.render(chart), renderer.render(chart)]);
    expect(a).toBe(b);
    expect(order).toEqual(['start', 'end']);
  });

  it('forgets the least recently used render beyond cacheSize', async () => {
    const drawn: number[] = [];
    const renderer = createChartRenderer({
      cacheSize: 1,
      loadEngine: async () => fakeEngine([]),
      onDrawn: () => drawn.push(drawn.length),
    });
    const one = statsChart(hourlyBuckets(3, () => 1));
    const two = statsChart(hourlyBuckets(3, () => 2));
    await renderer.render(one);
    await renderer.render(two);
    await renderer.render(one);
    expect(drawn).toHaveLength(3);
  });

  it('draws one chart at a time', async () => {
    const order: string[] = [];
    const renderer = createChartRenderer({ loadEngine: async () => fakeEngine(order) });
    await Promise.all([
      renderer.render(statsChart(hourlyBuckets(3, () => 1))),
      renderer.render(statsChart(hourlyBuckets(3, () => 2))),
    ]);
    expect(order).toEqual(['start', 'end', 'start', 'end']);
  });

  it('skips a queued drawing whose callers all gave up, and draws it when asked again', async () => {
    const order: string[] = [];
    const renderer = createChartRenderer({ loadEngine: async () => fakeEngine(order) });
    const first = renderer.render(statsChart(hourlyBuckets(3, () => 1)));
    const late = statsChart(hourlyBuckets(3, () => 2));
    const controller = new AbortController();
    const abandoned = renderer.render(late, { signal: controller.signal });
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ name: 'AbortError' });
    await first;
    const svgs = (): number => order.filter((step) => step === 'start').length;
    expect(svgs()).toBe(1);
    await renderer.render(late);
    expect(svgs()).toBe(2);
  });

  it('still draws a queued chart that someone else waits for', async () => {
    const order: string[] = [];
    const renderer = createChartRenderer({ loadEngine: async () => fakeEngine(order) });
    const first = renderer.render(statsChart(hourlyBuckets(3, () => 1)));
    const chart = statsChart(hourlyBuckets(3, () => 2));
    const controller = new AbortController();
    const gaveUp = renderer.render(chart, { signal: controller.signal });
    const stays = renderer.render(chart, { signal: new AbortController().signal });
    controller.abort();
    await expect(gaveUp).rejects.toMatchObject({ name: 'AbortError' });
    await first;
    expect((await stays).width).toBe(1200);
  });
});
