import { describe, expect, it } from 'vitest';
import { defaultGranularity } from '../../../src/time/granularity.js';
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
