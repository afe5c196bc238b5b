import { describe, expect, it } from 'vitest';
import type { WindowSpec } from '../../../src/time/window.js';
import { resolveWindow } from '../../../src/time/window-resolve.js';
import { at, HOUR, resolveFailure, resolveWord } from './resolve-helpers.js';

const NOW = '2026-11-03T12:00Z';
const MINUTE = 60_000;

describe('resolveWindow: relative windows end at now', () => {
  it.each([
    ['15m', 15 * MINUTE, 'last 15 minutes'],
    ['1m', MINUTE, 'last minute'],
    ['6h', 6 * HOUR, 'last 6 hours'],
    ['1h', HOUR, 'last hour'],
    ['24h', 24 * HOUR, 'last 24 hours'],
    ['7d', 7 * 24 * HOUR, 'last 7 days'],
    ['1d', 24 * HOUR, 'last day'],
    ['30d', 30 * 24 * HOUR, 'last 30 days'],
    ['90d', 90 * 24 * HOUR, 'last 90 days'],
  ])('%s', (word, length, label) => {
    for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      const window = resolveWord(word, NOW, zone);
      expect(window).toEqual({
        from: at(NOW) - length,
        to: at(NOW),
        label,
        spec: word,
        timeZone: zone,
        cutAtNow: false,
      });
    }
  });
});

describe('resolveWindow: typed ranges', () => {
  it.each([
    // word, zone, from, to, label
    ['2026-11-01..2026-11-01', 'UTC', '2026-11-01T00:00Z', '2026-11-02T00:00Z', '1 Nov 2026'],
    ['2026-10-01..2026-10-07', 'UTC', '2026-10-01T00:00Z', '2026-10-08T00:00Z', '1–7 Oct 2026'],
    [
      '2026-10-01..2026-10-07',
      'Asia/Kolkata',
      '2026-10-01T00:00+05:30',
      '2026-10-08T00:00+05:30',
      '1–7 Oct 2026',
    ],
    [
      '2026-09-28..2026-10-03',
      'America/Los_Angeles',
      '2026-09-28T00:00-07:00',
      '2026-10-04T00:00-07:00',
      '28 Sep – 3 Oct 2026',
    ],
    [
      '2025-12-30..2026-01-02',
      'Pacific/Auckland',
      '2025-12-30T00:00+13:00',
      '2026-01-03T00:00+13:00',
      '30 Dec 2025 – 2 Jan 2026',
    ],
    [
      '2028-02-28..2028-03-01',
      'UTC',
      '2028-02-28T00:00Z',
      '2028-03-02T00:00Z',
      '28 Feb – 1 Mar 2028',
    ],
    [
      '2026-10-01T09:00..2026-10-01T17:30',
      'UTC',
      '2026-10-01T09:00Z',
      '2026-10-01T17:30Z',
      '1 Oct 2026 09:00 – 1 Oct 2026 17:30',
    ],
    [
      '2026-10-01T09:00..2026-10-01T17:30',
      'Pacific/Pago_Pago',
      '2026-10-01T09:00-11:00',
      '2026-10-01T17:30-11:00',
      '1 Oct 2026 09:00 – 1 Oct 2026 17:30',
    ],
    [
      '2026-10-31T22:00..2026-11-01T02:15',
      'Pacific/Kiritimati',
      '2026-10-31T22:00+14:00',
      '2026-11-01T02:15+14:00',
      '31 Oct 2026 22:00 – 1 Nov 2026 02:15',
    ],
  ])('%s in %s', (word, zone, from, to, label) => {
    const window = resolveWord(word, '2028-06-01T00:00Z', zone);
    expect(window).toEqual({
      from: at(from),
      to: at(to),
      label,
      spec: word,
      timeZone: zone,
      cutAtNow: false,
    });
  });

  it('labels ranges across months and years as the header shows them', () => {
    expect(resolveWord('2026-10-28..2026-11-03', '2027-06-01T00:00Z', 'UTC').label).toBe(
      '28 Oct – 3 Nov 2026',
    );
    expect(resolveWord('2026-12-30..2027-01-02', '2027-06-01T00:00Z', 'UTC').label).toBe(
      '30 Dec 2026 – 2 Jan 2027',
    );
    expect(
      resolveWord('2026-11-01T09:00..2026-11-01T17:30', '2027-06-01T00:00Z', 'UTC').label,
    ).toBe('1 Nov 2026 09:00 – 1 Nov 2026 17:30');
  });
});

describe('resolveWindow: cut at now', () => {
  it.each([
    ['2026-11-01..2026-11-07', 'UTC', '2026-11-01T00:00Z'],
    ['2026-11-03..2026-11-03', 'UTC', '2026-11-03T00:00Z'],
    ['2026-11-03T11:00..2026-11-03T13:00', 'UTC', '2026-11-03T11:00Z'],
    // In Los Angeles it is 04:00 on 3 Nov: the range started at its local midnight.
    ['2026-11-03..2026-11-05', 'America/Los_Angeles', '2026-11-03T00:00-08:00'],
  ])('%s in %s ends at now', (word, zone, from) => {
    const window = resolveWord(word, NOW, zone);
    expect(window.from).toBe(at(from));
    expect(window.to).toBe(at(NOW));
    expect(window.cutAtNow).toBe(true);
  });

  it('does not mark a range that ends exactly at now as cut', () => {
    const window = resolveWord('2026-11-03T10:00..2026-11-03T12:00', NOW, 'UTC');
    expect(window.to).toBe(at(NOW));
    expect(window.cutAtNow).toBe(false);
  });
});

describe('resolveWindow: refusals', () => {
  it.each([
    ['2026-11-04..2026-11-05', 'UTC'],
    ['2026-11-03T12:00..2026-11-03T13:00', 'UTC'], // starts exactly at now
    ['2026-11-03T12:01..2026-11-03T13:00', 'UTC'],
    // 4 Nov has begun in Kiritimati (02:00 there) but not in UTC or Pago Pago.
    ['2026-11-04..2026-11-04', 'Pacific/pago_pago'],
  ])('%s in %s starts in the future', (word, zone) => {
    const reason = resolveFailure(word, NOW, zone);
    expect(reason).toContain(`\`${word}\``);
    expect(reason).toContain('starts in the future');
  });

  it('accepts the same day where it has already begun', () => {
    const window = resolveWord('2026-11-04..2026-11-04', '2026-11-03T12:00Z', 'Pacific/Kiritimati');
    expect(window.from).toBe(at('2026-11-04T00:00+14:00'));
    expect(window.cutAtNow).toBe(true);
  });

  it('refuses an unknown zone, naming it', () => {
    const result = resolveWindow(
      { kind: 'calendar', name: 'today' },
      { now: at(NOW), timeZone: 'Mars/Olympus' },
    );
    expect(result).toEqual({
      ok: false,
      reason: '`Mars/Olympus` is not a time zone the bot knows',
    });
  });

  it.each<[WindowSpec, string]>([
    [{ kind: 'relative', amount: 400, unit: 'd' }, '`400d` is longer than the 90 days'],
    [{ kind: 'relative', amount: 0, unit: 'h' }, '`0h` is an empty window'],
    [{ kind: 'relative', amount: -5, unit: 'h' }, 'is not a whole number'],
    [
      {
        kind: 'dates',
        start: { year: 2026, month: 2, day: 30 },
        end: { year: 2026, month: 3, day: 1 },
      },
      '`2026-02-30..2026-03-01` has a date that does not exist',
    ],
    [
      {
        kind: 'datetimes',
        start: { year: 2026, month: 11, day: 1, hour: 24, minute: 0 },
        end: { year: 2026, month: 11, day: 2, hour: 1, minute: 0 },
      },
      'has a date or time that does not exist',
    ],
  ])('holds a spec built in code to the parser rules: %j', (spec, reason) => {
    const result = resolveWindow(spec, { now: at(NOW), timeZone: 'UTC' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
