import { describe, expect, it } from 'vitest';
import { at, HOUR, resolveWord } from './resolve-helpers.js';

/**
 * Calendar windows in zones on both sides of UTC, at month ends, in a leap year and across a year
 * boundary. Expected bounds are written as local midnights with the zone's offset on that date.
 */

interface Case {
  readonly word: string;
  readonly now: string;
  readonly zone: string;
  readonly from: string;
  /** `now` for the current period. */
  readonly to: string;
}

const cases: Case[] = [
  // UTC, Tue 10 Nov 2026.
  { word: 'today', now: '2026-11-10T15:00Z', zone: 'UTC', from: '2026-11-10T00:00Z', to: 'now' },
  {
    word: 'yesterday',
    now: '2026-11-10T15:00Z',
    zone: 'UTC',
    from: '2026-11-09T00:00Z',
    to: '2026-11-10T00:00Z',
  },
  {
    word: 'this-week',
    now: '2026-11-10T15:00Z',
    zone: 'UTC',
    from: '2026-11-09T00:00Z',
    to: 'now',
  },
  {
    word: 'last-week',
    now: '2026-11-10T15:00Z',
    zone: 'UTC',
    from: '2026-11-02T00:00Z',
    to: '2026-11-09T00:00Z',
  },
  {
    word: 'this-month',
    now: '2026-11-10T15:00Z',
    zone: 'UTC',
    from: '2026-11-01T00:00Z',
    to: 'now',
  },
  {
    word: 'last-month',
    now: '2026-11-10T15:00Z',
    zone: 'UTC',
    from: '2026-10-01T00:00Z',
    to: '2026-11-01T00:00Z',
  },
  // A Monday is the first day of its own week; a Sunday the last of its week.
  {
    word: 'this-week',
    now: '2026-11-09T00:30Z',
    zone: 'UTC',
    from: '2026-11-09T00:00Z',
    to: 'now',
  },
  {
    word: 'this-week',
    now: '2026-11-15T23:59Z',
    zone: 'UTC',
    from: '2026-11-09T00:00Z',
    to: 'now',
  },
  {
    word: 'last-week',
    now: '2026-11-15T23:59Z',
    zone: 'UTC',
    from: '2026-11-02T00:00Z',
    to: '2026-11-09T00:00Z',
  },

  // Pacific/Kiritimati (+14): at 12:00 UTC on 10 Nov it is already 11 Nov there.
  {
    word: 'today',
    now: '2026-11-10T12:00Z',
    zone: 'Pacific/Kiritimati',
    from: '2026-11-11T00:00+14:00',
    to: 'now',
  },
  {
    word: 'yesterday',
    now: '2026-11-10T12:00Z',
    zone: 'Pacific/Kiritimati',
    from: '2026-11-10T00:00+14:00',
    to: '2026-11-11T00:00+14:00',
  },
  // Pacific/Auckland (+13 in NZ summer): 11 Nov there too.
  {
    word: 'today',
    now: '2026-11-10T12:00Z',
    zone: 'Pacific/Auckland',
    from: '2026-11-11T00:00+13:00',
    to: 'now',
  },
  {
    word: 'this-week',
    now: '2026-11-10T12:00Z',
    zone: 'Pacific/Auckland',
    from: '2026-11-09T00:00+13:00',
    to: 'now',
  },
  // Asia/Kolkata (+05:30): at 20:00 UTC on 10 Nov it is 01:30 on 11 Nov.
  {
    word: 'today',
    now: '2026-11-10T20:00Z',
    zone: 'Asia/Kolkata',
    from: '2026-11-11T00:00+05:30',
    to: 'now',
  },
  {
    word: 'yesterday',
    now: '2026-11-10T20:00Z',
    zone: 'Asia/Kolkata',
    from: '2026-11-10T00:00+05:30',
    to: '2026-11-11T00:00+05:30',
  },
  // America/Los_Angeles (-08 in November): at 03:00 UTC on 11 Nov it is still 10 Nov.
  {
    word: 'today',
    now: '2026-11-11T03:00Z',
    zone: 'America/Los_Angeles',
    from: '2026-11-10T00:00-08:00',
    to: 'now',
  },
  {
    word: 'yesterday',
    now: '2026-11-11T03:00Z',
    zone: 'America/Los_Angeles',
    from: '2026-11-09T00:00-08:00',
    to: '2026-11-10T00:00-08:00',
  },
  // Pacific/Pago_Pago (-11): at 05:00 UTC on 11 Nov it is 18:00 on 10 Nov.
  {
    word: 'today',
    now: '2026-11-11T05:00Z',
    zone: 'Pacific/Pago_Pago',
    from: '2026-11-10T00:00-11:00',
    to: 'now',
  },
  {
    word: 'yesterday',
    now: '2026-11-11T05:00Z',
    zone: 'Pacific/Pago_Pago',
    from: '2026-11-09T00:00-11:00',
    to: '2026-11-10T00:00-11:00',
  },
  // The month differs from UTC's: 1 Dec in Kiritimati is still 30 Nov in UTC.
  {
    word: 'this-month',
    now: '2026-11-30T12:00Z',
    zone: 'Pacific/Kiritimati',
    from: '2026-12-01T00:00+14:00',
    to: 'now',
  },
  {
    word: 'last-month',
    now: '2026-11-30T12:00Z',
    zone: 'Pacific/Kiritimati',
    from: '2026-11-01T00:00+14:00',
    to: '2026-12-01T00:00+14:00',
  },
  {
    word: 'this-month',
    now: '2026-12-01T05:00Z',
    zone: 'Pacific/Pago_Pago',
    from: '2026-11-01T00:00-11:00',
    to: 'now',
  },

  // Month ends and the leap day of 2028.
  {
    word: 'last-month',
    now: '2028-03-15T12:00Z',
    zone: 'UTC',
    from: '2028-02-01T00:00Z',
    to: '2028-03-01T00:00Z',
  },
  {
    word: 'yesterday',
    now: '2028-03-01T12:00Z',
    zone: 'UTC',
    from: '2028-02-29T00:00Z',
    to: '2028-03-01T00:00Z',
  },
  { word: 'today', now: '2028-02-29T23:00Z', zone: 'UTC', from: '2028-02-29T00:00Z', to: 'now' },
  {
    word: 'this-month',
    now: '2028-02-29T23:00Z',
    zone: 'Asia/Kolkata',
    from: '2028-03-01T00:00+05:30',
    to: 'now',
  },
  {
    word: 'yesterday',
    now: '2026-03-01T12:00Z',
    zone: 'UTC',
    from: '2026-02-28T00:00Z',
    to: '2026-03-01T00:00Z',
  },
  {
    word: 'last-month',
    now: '2026-03-31T12:00Z',
    zone: 'UTC',
    from: '2026-02-01T00:00Z',
    to: '2026-03-01T00:00Z',
  },
  {
    word: 'last-month',
    now: '2026-05-31T12:00Z',
    zone: 'UTC',
    from: '2026-04-01T00:00Z',
    to: '2026-05-01T00:00Z',
  },

  // Year boundary: Fri 1 Jan 2027; its week began Mon 28 Dec 2026.
  {
    word: 'this-week',
    now: '2027-01-01T09:00Z',
    zone: 'UTC',
    from: '2026-12-28T00:00Z',
    to: 'now',
  },
  {
    word: 'yesterday',
    now: '2027-01-01T09:00Z',
    zone: 'UTC',
    from: '2026-12-31T00:00Z',
    to: '2027-01-01T00:00Z',
  },
  {
    word: 'last-week',
    now: '2027-01-05T09:00Z',
    zone: 'UTC',
    from: '2026-12-28T00:00Z',
    to: '2027-01-04T00:00Z',
  },
  {
    word: 'last-week',
    now: '2027-01-03T09:00Z',
    zone: 'UTC',
    from: '2026-12-21T00:00Z',
    to: '2026-12-28T00:00Z',
  },
  {
    word: 'last-month',
    now: '2027-01-15T09:00Z',
    zone: 'UTC',
    from: '2026-12-01T00:00Z',
    to: '2027-01-01T00:00Z',
  },
  {
    word: 'last-month',
    now: '2027-01-01T00:00Z',
    zone: 'UTC',
    from: '2026-12-01T00:00Z',
    to: '2027-01-01T00:00Z',
  },
  // New Year already in Auckland while UTC is still in 2026.
  {
    word: 'this-month',
    now: '2026-12-31T12:00Z',
    zone: 'Pacific/Auckland',
    from: '2027-01-01T00:00+13:00',
    to: 'now',
  },
  {
    word: 'last-month',
    now: '2026-12-31T12:00Z',
    zone: 'Pacific/Auckland',
    from: '2026-12-01T00:00+13:00',
    to: '2027-01-01T00:00+13:00',
  },
];

describe('resolveWindow: calendar windows', () => {
  it.each(cases)('$word at $now in $zone', ({ word, now, zone, from, to }) => {
    const window = resolveWord(word, now, zone);
    expect(window.from).toBe(at(from));
    expect(window.to).toBe(at(to === 'now' ? now : to));
    expect(window.cutAtNow).toBe(false);
    expect(window.timeZone).toBe(zone);
    expect(window.spec).toBe(word);
    expect(window.label).toBe(word.replace('-', ' '));
  });

  it('gives an empty current period, not an error, at the very instant it starts', () => {
    const window = resolveWord('today', '2026-11-10T00:00Z', 'UTC');
    expect(window.from).toBe(window.to);
  });

  it('keeps the week whole: last-week in UTC is 7 x 24 hours', () => {
    const window = resolveWord('last-week', '2026-11-10T15:00Z', 'UTC');
    expect(window.to - window.from).toBe(7 * 24 * HOUR);
  });
});
