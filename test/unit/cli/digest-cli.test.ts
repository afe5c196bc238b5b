import { describe, expect, it } from 'vitest';
import { describeDigestSchedule } from '../../../src/digests/describe-schedule.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const digest = (schedule: string, timezone: string) => ({
  name: 'd',
  channel: 'C0123456789',
  schedule,
  timezone,
  window: '24h',
});

describe('check-config: the next runs of a digest', () => {
  it.each([
    [
      '0 9 * * 1-5',
      'America/New_York',
      'next: Mon 30 Nov 09:00, Tue 1 Dec 09:00, Wed 2 Dec 09:00 (America/New_York)',
    ],
    [
      '*/5 * * * * *',
      'UTC',
      'next: Sat 28 Nov 12:00:05, Sat 28 Nov 12:00:10, Sat 28 Nov 12:00:15 (UTC)',
    ],
    [
      '0 9 29 2 *',
      'Europe/Berlin',
      'next: Tue 29 Feb 2028 09:00, Sun 29 Feb 2032 09:00, Fri 29 Feb 2036 09:00 (Europe/Berlin)',
    ],
  ])('%s in %s', (schedule, zone, text) => {
    expect(describeDigestSchedule(digest(schedule, zone), NOW)).toEqual({ ok: true, text });
  });

  it('reports a cron node-cron cannot run', () => {
    const described = describeDigestSchedule(digest('5/10 * * * *', 'UTC'), NOW);
    expect(described.ok).toBe(false);
    expect(described.text).toMatch(/cannot be scheduled/);
  });
});
