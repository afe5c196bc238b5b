import { describe, expect, it } from 'vitest';
import { drawBars, NOT_DRAWN, sparkline, valuesPerBar } from '../../../src/messages/sparkline.js';

describe('sparkline', () => {
  it.each([
    { name: 'empty', values: [], max: undefined, expected: '' },
    { name: 'all zero is the lowest row', values: [0, 0, 0], max: undefined, expected: '▁▁▁' },
    { name: 'flat non-zero is the top row', values: [5, 5], max: undefined, expected: '██' },
    {
      name: 'scaled from zero',
      values: [0, 1, 2, 3, 4, 5, 6, 7],
      max: undefined,
      expected: '▁▂▃▄▅▆▇█',
    },
    {
      name: 'a tiny non-zero value stays visible',
      values: [0, 1, 1000],
      max: undefined,
      expected: '▁▂█',
    },
    {
      name: 'bad values count as zero',
      values: [Number.NaN, -3, 4],
      max: undefined,
      expected: '▁▁█',
    },
    {
      name: 'summed into buckets when longer',
      values: [1, 1, 0, 0, 2, 2],
      max: 3,
      expected: '▅▁█',
    },
    { name: 'last bucket may be partial', values: [1, 1, 1, 1, 1, 1, 1], max: 3, expected: '██▃' },
  ])('$name', ({ values, max, expected }) => {
    expect(sparkline(values, max)).toBe(expected);
  });

  it('draws 2,160 hourly buckets in 48 bars, 45 hours each', () => {
    const values = Array.from({ length: 2160 }, (_, i) => (i >= 2115 ? 10 : 0));
    const line = sparkline(values, 48);
    expect([...line]).toHaveLength(48);
    expect(line.slice(0, -1)).toBe('▁'.repeat(47));
    expect(line.slice(-1)).toBe('█');
    expect(valuesPerBar(2160, 48)).toBe(45);
  });

  it.each([
    [24, 36, 1],
    [72, 36, 2],
    [90, 36, 3],
    [100, 36, 3],
    [5, 0, 5],
  ])('valuesPerBar(%d, %d) = %d', (count, max, expected) => {
    expect(valuesPerBar(count, max)).toBe(expected);
  });
});

describe('drawBars', () => {
  it.each([
    { name: 'scaled from zero', bars: [0, 2, 4, 7], expected: '▁▃▅█' },
    { name: 'null is a dot, not a bar', bars: [7, 7, null], expected: `██${NOT_DRAWN}` },
    { name: 'null does not count towards the scale', bars: [null, 1, 2], expected: '·▅█' },
    { name: 'only nulls', bars: [null, null], expected: '··' },
    { name: 'zeros and a null', bars: [0, null, 0], expected: '▁·▁' },
    { name: 'fractions of a scaled bar', bars: [10, 10.5, 5.25], expected: '██▅' },
  ])('$name', ({ bars, expected }) => {
    expect(drawBars(bars)).toBe(expected);
  });

  it('draws what sparkline draws when every bar is known', () => {
    const values = [3, 0, 1, 8, 2, 5, 5, 0];
    expect(drawBars(values)).toBe(sparkline(values));
  });
});
