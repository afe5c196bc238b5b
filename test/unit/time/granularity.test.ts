import { describe, expect, it } from 'vitest';
import {
  chooseGranularity,
  defaultGranularity,
  HOURLY_LIMIT_DAYS,
} from '../../../src/time/granularity.js';
import { HOURLY_MAX_HOURS } from '../../../src/time/window.js';

const HOUR = 3_600_000;

describe('defaultGranularity', () => {
  it.each([
    [0, 'hourly'],
    [15 / 60, 'hourly'],
    [24, 'hourly'],
    [HOURLY_MAX_HOURS, 'hourly'],
    [HOURLY_MAX_HOURS + 1 / 3600, 'daily'],
    [73, 'daily'], // three days with a 25-hour day in them
    [7 * 24, 'daily'],
    [90 * 24, 'daily'],
  ])('%f hours -> %s', (hours, expected) => {
    const from = Date.UTC(2026, 10, 1);
    expect(defaultGranularity({ from, to: from + hours * HOUR })).toBe(expected);
  });
});

describe('chooseGranularity', () => {
  const from = Date.UTC(2026, 10, 1);
  const at = (hours: number) => ({ from, to: from + hours * HOUR });

  it.each([
    [24, null, 'hourly', false],
    [7 * 24, null, 'daily', false],
    [6, 'daily', 'daily', false],
    [90 * 24, 'daily', 'daily', false],
    [24, 'hourly', 'hourly', false],
    [HOURLY_LIMIT_DAYS * 24, 'hourly', 'hourly', false],
    // A calendar week across the autumn clock change is 169 hours: still a week.
    [HOURLY_LIMIT_DAYS * 24 + 1, 'hourly', 'hourly', false],
    [HOURLY_LIMIT_DAYS * 24 + 2, 'hourly', 'daily', true],
    [30 * 24, 'hourly', 'daily', true],
    [90 * 24, 'hourly', 'daily', true],
  ] as const)('%f hours, %s asked -> %s (fell back: %s)', (hours, asked, granularity, tooLong) => {
    expect(chooseGranularity(at(hours), asked)).toEqual({ granularity, hourlyTooLong: tooLong });
  });

  it('keeps hourly at most a week, so the API is never asked for 2,161 hourly buckets', () => {
    expect(HOURLY_LIMIT_DAYS).toBe(7);
    expect(chooseGranularity(at(90 * 24 + 1), 'hourly').granularity).toBe('daily');
  });
});
