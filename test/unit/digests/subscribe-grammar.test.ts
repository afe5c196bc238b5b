import { describe, expect, it } from 'vitest';
import { parseSubscribe } from '../../../src/digests/subscribe-grammar.js';

describe('subscribe grammar', () => {
  it.each([
    {
      args: 'daily 09:00',
      schedule: '0 9 * * *',
      name: 'daily-0900',
      window: '24h',
      timeZone: null,
    },
    {
      args: 'daily 7:05 yesterday',
      schedule: '5 7 * * *',
      name: 'daily-0705-yesterday',
      window: 'yesterday',
      timeZone: null,
    },
    {
      args: 'weekdays 09:00 tz:america/new_york',
      schedule: '0 9 * * 1-5',
      name: 'weekdays-0900',
      window: '24h',
      timeZone: 'America/New_York',
    },
    {
      args: 'WEEKLY Sun 18:30 last-week',
      schedule: '30 18 * * 0',
      name: 'weekly-sun-1830-last-week',
      window: 'last-week',
      timeZone: null,
    },
    {
      args: 'weekly monday 08:00',
      schedule: '0 8 * * 1',
      name: 'weekly-mon-0800',
      window: '7d',
      timeZone: null,
    },
  ])('`subscribe $args`', ({ args, ...expected }) => {
    const parsed = parseSubscribe(args.split(' '));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.request).toMatchObject(expected);
  });

  it.each([
    ['', /how often/],
    ['hourly 09:00', /`hourly` is not a schedule/],
    ['daily', /at what time/],
    ['daily 9am', /`9am` is not a time of day/],
    ['daily 24:00', /`24:00` is not a time of day/],
    ['weekly 09:00', /`09:00` is not a day of the week/],
    ['weekly funday 09:00', /`funday` is not a day/],
    ['daily 09:00 tz:Mars/Base', /`tz:Mars\/Base` is not a time zone/],
    ['daily 09:00 tz:UTC tz:UTC', /`tz:` once/],
    ['daily 09:00 24h 7d', /one window only/],
    ['daily 09:00 100d', /longer than the 90 days/],
    ['daily 09:00 banana', /`banana` is not a window/],
  ])('refuses `subscribe %s`', (args, reason) => {
    const parsed = parseSubscribe(args === '' ? [] : args.split(' '));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
