import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/charts/chart-engine.js';
import { statsSpec } from '../../../src/charts/stats-spec.js';
import { decodePng } from '../../support/png.js';
import { hourlyBuckets, statsChart } from './fixtures.js';

describe('the drawing thread', () => {
  it('reports a spec it cannot draw, and goes on drawing the next', async () => {
    const engine = await loadEngine();
    await expect(engine.draw({ mark: 'no-such-mark' })).rejects.toThrow(/chart drawing failed/);
    const drawn = await engine.draw(statsSpec(statsChart(hourlyBuckets(3, () => 1))));
    expect([drawn.width, drawn.height]).toEqual([1200, 600]);
    expect(decodePng(drawn.png).width).toBe(1200);
  });

  it('answers many requests at once, each with its own picture', async () => {
    const engine = await loadEngine();
    const specs = [1, 2, 3].map((n) =>
      statsSpec(
        statsChart(
          hourlyBuckets(6, () => n),
          `n=${n}`,
        ),
      ),
    );
    const [a, b, c] = await Promise.all(specs.map((spec) => engine.draw(spec)));
    const svgs = await Promise.all(specs.map((spec) => engine.svg(spec)));
    expect(svgs.map((svg) => /n=(\d)/.exec(svg)?.[1])).toEqual(['1', '2', '3']);
    expect(Buffer.from(a?.png ?? []).equals(Buffer.from(b?.png ?? []))).toBe(false);
    expect(Buffer.from(b?.png ?? []).equals(Buffer.from(c?.png ?? []))).toBe(false);
  });
});
