import { describe, expect, it } from 'vitest';
import { drawBars, sparkline } from '../../../src/messages/sparkline.js';
import { TREND_BARS } from '../../../src/messages/stats-sections.js';
import {
  MIN_DRAWN_SHARE,
  partialBarsNote,
  type TrendBar,
  trendBars,
} from '../../../src/messages/trend-bars.js';
import type { TimeBucket } from '../../../src/stats/types.js';
import { timestamp } from './fixtures.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The buckets an API aligned on UTC hours or days gives for [from, to), for a steady flow of one
 * execution a minute, a third of them failing: each bucket holds only the minutes in the window.
 */
function steadyBuckets(from: number, to: number, length: number): TimeBucket[] {
  const buckets: TimeBucket[] = [];
  for (let start = Math.floor(from / length) * length; start < to; start += length) {
    const minutes = (Math.min(start + length, to) - Math.max(start, from)) / MINUTE;
    const failed = minutes / 3;
    buckets.push({
      bucketStart: timestamp(start),
      total: minutes,
      succeeded: minutes - failed,
      failed,
      cancelled: 0,
    });
  }
  return buckets;
}

describe('trendBars', () => {
  it('scales a partial first and last hour to a full hour: a steady flow draws flat', () => {
    const to = Date.UTC(2026, 10, 28, 13, 27);
    const window = { from: to - DAY, to };
    const buckets = steadyBuckets(window.from, window.to, HOUR);
    expect(buckets).toHaveLength(25);
    // Drawn as they come, the edges look like a drop in traffic and failures.
    expect(sparkline(buckets.map((b) => b.total))).toMatch(/^[▁-▇]█{23}[▁-▇]$/);

    const { perBar, bars } = trendBars(buckets, 'hourly', window, TREND_BARS);
    expect(perBar).toBe(1);
    expect(bars[0]?.share).toBe(33 / 60);
    expect(bars[0]?.failed).toBeCloseTo(20, 9);
    expect(bars[0]?.total).toBeCloseTo(60, 9);
    expect(bars[24]?.share).toBe(27 / 60);
    expect(bars[24]?.failed).toBeCloseTo(20, 9);
    expect(bars[24]?.total).toBeCloseTo(60, 9);
    expect(bars.slice(1, 24).every((bar) => bar.share === 1 && bar.total === 60)).toBe(true);
    expect(drawBars(bars.map((b) => b.total))).toBe('█'.repeat(25));
    expect(drawBars(bars.map((b) => b.failed))).toBe('█'.repeat(25));
    expect(partialBarsNote(bars, 'hour')).toBe(
      'The first and last hours are partial, scaled to a full hour.',
    );
  });

  it('does not draw a bar with under a quarter of it in the window: one failure is no spike', () => {
    const to = Date.UTC(2026, 10, 28, 13, 2);
    const window = { from: to - DAY, to };
    const buckets = steadyBuckets(window.from, window.to, HOUR);
    const last = buckets.at(-1);
    if (last !== undefined) buckets[buckets.length - 1] = { ...last, failed: 1, total: 2 };
    const { bars } = trendBars(buckets, 'hourly', window, TREND_BARS);
    expect(bars.at(-1)).toEqual({ failed: null, total: null, share: 2 / 60 });
    expect(bars[0]?.share).toBe(58 / 60);
    expect(drawBars(bars.map((b) => b.failed))).toBe(`${'█'.repeat(24)}·`);
    expect(partialBarsNote(bars, 'hour')).toBe(
      'The first hour is partial, scaled to a full hour. ' +
        '`·` marks the last hour: less than a quarter of it is in the window.',
    );
  });

  it('draws a bar with exactly a quarter of it in the window', () => {
    const to = Date.UTC(2026, 10, 28, 13, 15);
    const window = { from: Date.UTC(2026, 10, 28, 12), to };
    const { bars } = trendBars(steadyBuckets(window.from, to, HOUR), 'hourly', window, 36);
    expect(bars.at(-1)).toEqual({ failed: 20, total: 60, share: MIN_DRAWN_SHARE });
  });

  it('scales partial days: 7d at 13:27 spans 8 UTC days', () => {
    const to = Date.UTC(2026, 10, 28, 13, 27);
    const window = { from: to - 7 * DAY, to };
    const buckets = steadyBuckets(window.from, window.to, DAY);
    const { bars } = trendBars(buckets, 'daily', window, TREND_BARS);
    expect(bars).toHaveLength(8);
    expect(bars.map((b) => b.total)).toEqual(Array(8).fill(1440));
    expect(partialBarsNote(bars, 'day')).toBe(
      'The first and last days are partial, scaled to a full day.',
    );
  });

  it('marks a first day with an hour in the window (a zone ahead of UTC) instead of a dip', () => {
    // last-week in Berlin: from 23:00 UTC, so the first UTC day has one hour in the window.
    const window = { from: Date.UTC(2026, 10, 15, 23), to: Date.UTC(2026, 10, 22, 23) };
    const { bars } = trendBars(steadyBuckets(window.from, window.to, DAY), 'daily', window, 36);
    expect(bars[0]?.failed).toBeNull();
    expect(bars.at(-1)?.share).toBe(23 / 24);
    expect(drawBars(bars.map((b) => b.total))).toBe(`·${'█'.repeat(7)}`);
  });

  it('scales the last of several buckets summed into a bar when it holds fewer', () => {
    // 91 whole days in bars of 3: the last bar holds one day.
    const from = Date.UTC(2026, 7, 30);
    const window = { from, to: from + 91 * DAY };
    const { perBar, bars } = trendBars(
      steadyBuckets(window.from, window.to, DAY),
      'daily',
      window,
      TREND_BARS,
    );
    expect(perBar).toBe(3);
    expect(bars).toHaveLength(31);
    expect(bars.at(-1)).toEqual({ failed: 1440, total: 4320, share: 1 / 3 });
    expect(drawBars(bars.map((b) => b.total))).toBe('█'.repeat(31));
    expect(partialBarsNote(bars, 'bar')).toBe('The last bar is partial, scaled to a full bar.');
  });

  it('draws whole buckets as they are, with no note', () => {
    const from = Date.UTC(2026, 10, 27, 12);
    const window = { from, to: from + DAY };
    const buckets = steadyBuckets(window.from, window.to, HOUR);
    const { bars } = trendBars(buckets, 'hourly', window, TREND_BARS);
    expect(bars.map((b) => b.total)).toEqual(buckets.map((b) => b.total));
    expect(partialBarsNote(bars, 'hour')).toBeNull();
  });

  it('draws as they are the buckets it cannot place: an unparsed start, or outside the window', () => {
    const from = Date.UTC(2026, 10, 27, 12);
    const window = { from, to: from + 2 * HOUR };
    const bucket = (start: string | number): TimeBucket => ({
      bucketStart: timestamp(start),
      total: 10,
      succeeded: 10,
      failed: 0,
      cancelled: 0,
    });
    const { bars } = trendBars(
      [bucket('not a date'), bucket(from - 5 * HOUR), bucket(from + HOUR)],
      'hourly',
      window,
      TREND_BARS,
    );
    expect(bars).toEqual([
      { failed: 0, total: 10, share: 1 },
      { failed: 0, total: 10, share: 1 },
      { failed: 0, total: 10, share: 1 },
    ]);
  });

  it('counts bad values as zero, as the sparkline does', () => {
    const from = Date.UTC(2026, 10, 27, 12);
    const bucket: TimeBucket = {
      bucketStart: timestamp(from),
      total: Number.NaN,
      succeeded: 0,
      failed: -4,
      cancelled: 0,
    };
    const { bars } = trendBars([bucket], 'hourly', { from, to: from + HOUR }, TREND_BARS);
    expect(bars).toEqual([{ failed: 0, total: 0, share: 1 }]);
  });
});

describe('partialBarsNote', () => {
  const whole: TrendBar = { failed: 1, total: 2, share: 1 };
  const scaled: TrendBar = { failed: 2, total: 4, share: 0.5 };
  const dotted: TrendBar = { failed: null, total: null, share: 0.1 };

  it.each([
    [[whole, whole], null],
    [[scaled, whole], 'The first hour is partial, scaled to a full hour.'],
    [[whole, scaled], 'The last hour is partial, scaled to a full hour.'],
    [[scaled], 'The only hour is partial, scaled to a full hour.'],
    [[whole, scaled, whole], 'Partial hours are scaled to a full hour.'],
    [[whole, dotted, whole], '`·` marks hours with less than a quarter of each in the window.'],
    [
      [dotted, whole, dotted],
      '`·` marks the first and last hours: less than a quarter of each is in the window.',
    ],
  ] as const)('%j -> %s', (bars, note) => {
    expect(partialBarsNote(bars, 'hour')).toBe(note);
  });
});
