import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/time/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 5 * 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['90m', 90 * 60_000],
    [' 2H ', 2 * 3_600_000],
    ['0010s', 10_000],
  ])('%j -> %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    '0s',
    '-5m',
    '+5m',
    '1.5h',
    '1h30m',
    '5',
    'm',
    '5 m',
    '5ms',
    '1w',
    'five minutes',
    '9999999999999d',
  ])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
