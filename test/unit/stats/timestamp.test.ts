import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../../src/stats/schema.js';

describe('parseTimestamp', () => {
  it.each([
    ['ISO with Z', '2026-11-02T09:01:30.000Z', Date.UTC(2026, 10, 2, 9, 1, 30)],
    ['ISO without zone is UTC', '2026-11-02T09:01:30', Date.UTC(2026, 10, 2, 9, 1, 30)],
    ['ISO without seconds', '2026-11-02T09:01', Date.UTC(2026, 10, 2, 9, 1)],
    ['ISO date only', '2026-11-02', Date.UTC(2026, 10, 2)],
    ['space instead of T', '2026-11-02 09:01:30Z', Date.UTC(2026, 10, 2, 9, 1, 30)],
    ['positive offset', '2026-11-02T09:01:30+02:00', Date.UTC(2026, 10, 2, 7, 1, 30)],
    [
      'negative offset without colon',
      '2026-11-02T09:01:30-0530',
      Date.UTC(2026, 10, 2, 14, 31, 30),
    ],
    ['offset hours only', '2026-11-02T09:01:30+01', Date.UTC(2026, 10, 2, 8, 1, 30)],
    ['microseconds cut to ms', '2026-11-02T09:01:30.123456Z', Date.UTC(2026, 10, 2, 9, 1, 30, 123)],
    ['one fraction digit', '2026-11-02T09:01:30.5Z', Date.UTC(2026, 10, 2, 9, 1, 30, 500)],
    ['lower-case t and z', '2026-11-02t09:01:30z', Date.UTC(2026, 10, 2, 9, 1, 30)],
    ['leap day', '2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['surrounding spaces', '  2026-11-02T09:01:30Z ', Date.UTC(2026, 10, 2, 9, 1, 30)],
    ['numeric ms string', String(Date.UTC(2026, 10, 2, 9)), Date.UTC(2026, 10, 2, 9)],
    ['numeric ms string, zero', '0', 0],
  ])('%s: %s', (_name, raw, expected) => {
    expect(parseTimestamp(raw)).toEqual({ raw, ms: expected });
  });

  it('accepts a number of milliseconds and keeps its text', () => {
    const ms = Date.UTC(2026, 10, 2, 9);
    expect(parseTimestamp(ms)).toEqual({ raw: String(ms), ms });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('%s is no timestamp at all', (_name, raw) => {
    expect(parseTimestamp(raw)).toBeNull();
  });

  it.each([
    ['a word', 'yesterday'],
    ['the docs placeholder', '<string>'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29'],
    ['month 13', '2026-13-01'],
    ['hour 24', '2026-11-02T24:00:00Z'],
    ['minute 60', '2026-11-02T09:60:00Z'],
    ['offset out of range', '2026-11-02T09:00:00+25:00'],
    ['exponent notation', '1.7e12'],
    ['trailing garbage', '2026-11-02T09:01:30Zfoo'],
    ['out of the representable range', '9'.repeat(20)],
  ])('%s is kept as given without an instant', (_name, raw) => {
    expect(parseTimestamp(raw)).toEqual({ raw, ms: null });
  });

  it('a non-finite number has no instant', () => {
    expect(parseTimestamp(Number.NaN)).toEqual({ raw: 'NaN', ms: null });
  });
});
