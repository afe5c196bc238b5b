import { describe, expect, it } from 'vitest';
import { civilDateOf, startOfCivilDay, wallTimeToInstant } from '../../../src/time/zoned.js';
import { at } from './resolve-helpers.js';

const wall = (text: string) => {
  const [date = '', time = ''] = text.split('T');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { year, month, day, hour, minute };
};

describe('wallTimeToInstant', () => {
  it.each([
    // Ordinary times on both sides of UTC, including a half-hour zone.
    ['2026-11-10T09:15', 'UTC', '2026-11-10T09:15Z'],
    ['2026-11-10T09:15', 'Asia/Kolkata', '2026-11-10T09:15+05:30'],
    ['2026-11-10T09:15', 'Pacific/Kiritimati', '2026-11-10T09:15+14:00'],
    ['2026-11-10T09:15', 'Pacific/Pago_Pago', '2026-11-10T09:15-11:00'],
    ['2026-07-10T09:15', 'America/Los_Angeles', '2026-07-10T09:15-07:00'],
    // Gaps resolve forward by the gap's length.
    ['2026-03-29T02:00', 'Europe/Berlin', '2026-03-29T03:00+02:00'],
    ['2026-03-29T02:59', 'Europe/Berlin', '2026-03-29T03:59+02:00'],
    ['2026-03-08T02:30', 'America/New_York', '2026-03-08T03:30-04:00'],
    ['2026-09-27T02:30', 'Pacific/Auckland', '2026-09-27T03:30+13:00'],
    // Overlaps resolve to the first occurrence (the earlier instant, still on summer time).
    ['2026-10-25T02:00', 'Europe/Berlin', '2026-10-25T02:00+02:00'],
    ['2026-10-25T02:59', 'Europe/Berlin', '2026-10-25T02:59+02:00'],
    ['2026-11-01T01:00', 'America/New_York', '2026-11-01T01:00-04:00'],
    ['2026-11-01T01:59', 'America/New_York', '2026-11-01T01:59-04:00'],
    ['2026-04-05T02:30', 'Pacific/Auckland', '2026-04-05T02:30+13:00'],
    // Just outside the change: one meaning only.
    ['2026-10-25T03:00', 'Europe/Berlin', '2026-10-25T03:00+01:00'],
    ['2026-03-29T03:00', 'Europe/Berlin', '2026-03-29T03:00+02:00'],
  ])('%s in %s is %s', (text, zone, expected) => {
    expect(wallTimeToInstant(wall(text), zone)).toBe(at(expected));
  });
});

describe('civilDateOf and startOfCivilDay', () => {
  it.each([
    ['2026-11-10T12:00Z', 'Pacific/Kiritimati', '2026-11-11', '2026-11-11T00:00+14:00'],
    ['2026-11-11T03:00Z', 'America/Los_Angeles', '2026-11-10', '2026-11-10T00:00-08:00'],
    ['2026-11-10T18:29Z', 'Asia/Kolkata', '2026-11-10', '2026-11-10T00:00+05:30'],
    ['2026-11-10T18:30Z', 'Asia/Kolkata', '2026-11-11', '2026-11-11T00:00+05:30'],
    ['2026-10-25T23:30Z', 'Europe/Berlin', '2026-10-26', '2026-10-26T00:00+01:00'],
  ])('%s in %s is on %s', (instant, zone, date, start) => {
    const civil = civilDateOf(at(instant), zone);
    const text = `${civil.year}-${String(civil.month).padStart(2, '0')}-${String(civil.day).padStart(2, '0')}`;
    expect(text).toBe(date);
    expect(startOfCivilDay(civil, zone)).toBe(at(start));
  });
});
