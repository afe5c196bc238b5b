import { describe, expect, it } from 'vitest';
import { at, HOUR, resolveFailure, resolveWord } from './resolve-helpers.js';

/**
 * Daylight-saving changes in 2026:
 * - Europe/Berlin: Sun 29 Mar 02:00 CET -> 03:00 CEST; Sun 25 Oct 03:00 CEST -> 02:00 CET.
 * - America/New_York: Sun 8 Mar 02:00 EST -> 03:00 EDT; Sun 1 Nov 02:00 EDT -> 01:00 EST.
 */

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('resolveWindow: calendar days and weeks across a DST change', () => {
  it.each([
    // word, now, zone, from, to, hours
    [
      'yesterday',
      '2026-03-30T10:00+02:00',
      BERLIN,
      '2026-03-29T00:00+01:00',
      '2026-03-30T00:00+02:00',
      23,
    ],
    [
      'yesterday',
      '2026-10-26T10:00+01:00',
      BERLIN,
      '2026-10-25T00:00+02:00',
      '2026-10-26T00:00+01:00',
      25,
    ],
    [
      'yesterday',
      '2026-03-09T12:00-04:00',
      NEW_YORK,
      '2026-03-08T00:00-05:00',
      '2026-03-09T00:00-04:00',
      23,
    ],
    [
      'yesterday',
      '2026-11-02T12:00-05:00',
      NEW_YORK,
      '2026-11-01T00:00-04:00',
      '2026-11-02T00:00-05:00',
      25,
    ],
    // An ordinary day for contrast.
    [
      'yesterday',
      '2026-03-31T10:00+02:00',
      BERLIN,
      '2026-03-30T00:00+02:00',
      '2026-03-31T00:00+02:00',
      24,
    ],
    // Week of Mon 23 - Sun 29 Mar in Berlin lost an hour; week of Mon 26 Oct - Sun 1 Nov in New York gained one.
    [
      'last-week',
      '2026-03-31T09:00+02:00',
      BERLIN,
      '2026-03-23T00:00+01:00',
      '2026-03-30T00:00+02:00',
      167,
    ],
    [
      'last-week',
      '2026-11-03T09:00-05:00',
      NEW_YORK,
      '2026-10-26T00:00-04:00',
      '2026-11-02T00:00-05:00',
      169,
    ],
    [
      'last-week',
      '2026-10-27T09:00+01:00',
      BERLIN,
      '2026-10-19T00:00+02:00',
      '2026-10-26T00:00+01:00',
      169,
    ],
    [
      'last-month',
      '2026-04-02T09:00+02:00',
      BERLIN,
      '2026-03-01T00:00+01:00',
      '2026-04-01T00:00+02:00',
      31 * 24 - 1,
    ],
    [
      'last-month',
      '2026-11-02T09:00-05:00',
      NEW_YORK,
      '2026-10-01T00:00-04:00',
      '2026-11-01T00:00-04:00',
      31 * 24,
    ],
  ])('%s at %s in %s', (word, now, zone, from, to, hours) => {
    const window = resolveWord(word, now, zone);
    expect(window.from).toBe(at(from));
    expect(window.to).toBe(at(to));
    expect((window.to - window.from) / HOUR).toBe(hours);
  });

  it.each([
    // this-week on the Sunday of the change, and today on the day itself, start before it.
    ['this-week', '2026-03-29T12:00+02:00', BERLIN, '2026-03-23T00:00+01:00'],
    ['this-week', '2026-11-01T12:00-05:00', NEW_YORK, '2026-10-26T00:00-04:00'],
    ['today', '2026-03-29T12:00+02:00', BERLIN, '2026-03-29T00:00+01:00'],
    ['today', '2026-10-25T12:00+01:00', BERLIN, '2026-10-25T00:00+02:00'],
    ['today', '2026-03-08T12:00-04:00', NEW_YORK, '2026-03-08T00:00-05:00'],
    ['today', '2026-11-01T12:00-05:00', NEW_YORK, '2026-11-01T00:00-04:00'],
  ])('%s at %s in %s runs from %s to now', (word, now, zone, from) => {
    const window = resolveWord(word, now, zone);
    expect(window.from).toBe(at(from));
    expect(window.to).toBe(at(now));
  });

  it('keeps relative windows exact: 7d across a change is 168 hours', () => {
    const window = resolveWord('7d', '2026-03-31T10:00+02:00', BERLIN);
    expect(window.to - window.from).toBe(168 * HOUR);
  });
});

describe('resolveWindow: date ranges across a DST change', () => {
  it.each([
    ['2026-03-28..2026-03-29', BERLIN, '2026-03-28T00:00+01:00', '2026-03-30T00:00+02:00', 47],
    ['2026-10-24..2026-10-25', BERLIN, '2026-10-24T00:00+02:00', '2026-10-26T00:00+01:00', 49],
    ['2026-03-08..2026-03-08', NEW_YORK, '2026-03-08T00:00-05:00', '2026-03-09T00:00-04:00', 23],
    ['2026-10-31..2026-11-01', NEW_YORK, '2026-10-31T00:00-04:00', '2026-11-02T00:00-05:00', 49],
  ])('%s in %s', (word, zone, from, to, hours) => {
    const window = resolveWord(word, '2026-12-15T12:00Z', zone);
    expect(window.from).toBe(at(from));
    expect(window.to).toBe(at(to));
    expect((window.to - window.from) / HOUR).toBe(hours);
    expect(window.cutAtNow).toBe(false);
  });

  it('allows a 90-day date range that is 90 days and 1 hour long because of a fall-back', () => {
    // 2026-08-28 + 89 days = 2026-11-25; Berlin falls back on 25 Oct inside it.
    const window = resolveWord('2026-08-28..2026-11-25', '2026-12-15T12:00Z', BERLIN);
    expect((window.to - window.from) / HOUR).toBe(90 * 24 + 1);
  });
});

describe('resolveWindow: wall times in a gap move forward, in an overlap take the first', () => {
  it.each([
    // Berlin 02:30 on 29 Mar does not exist: it becomes 03:30 CEST.
    [
      '2026-03-29T02:30..2026-03-29T04:00',
      BERLIN,
      '2026-03-29T03:30+02:00',
      '2026-03-29T04:00+02:00',
    ],
    // Berlin 02:30 on 25 Oct happens twice: the first is CEST.
    [
      '2026-10-25T02:30..2026-10-25T03:00',
      BERLIN,
      '2026-10-25T02:30+02:00',
      '2026-10-25T03:00+01:00',
    ],
    [
      '2026-10-25T01:00..2026-10-25T02:30',
      BERLIN,
      '2026-10-25T01:00+02:00',
      '2026-10-25T02:30+02:00',
    ],
    // New York 02:30 on 8 Mar does not exist: 03:30 EDT. 01:30 on 1 Nov happens twice: EDT first.
    [
      '2026-03-08T02:30..2026-03-08T05:00',
      NEW_YORK,
      '2026-03-08T03:30-04:00',
      '2026-03-08T05:00-04:00',
    ],
    [
      '2026-11-01T01:30..2026-11-01T03:00',
      NEW_YORK,
      '2026-11-01T01:30-04:00',
      '2026-11-01T03:00-05:00',
    ],
    [
      '2026-11-01T00:00..2026-11-01T01:30',
      NEW_YORK,
      '2026-11-01T00:00-04:00',
      '2026-11-01T01:30-04:00',
    ],
  ])('%s in %s', (word, zone, from, to) => {
    const window = resolveWord(word, '2026-12-15T12:00Z', zone);
    expect(window.from).toBe(at(from));
    expect(window.to).toBe(at(to));
  });

  it('refuses a range that is empty because both ends fall in the gap', () => {
    // 02:30 moves forward to 03:30, past the end at 03:00.
    const reason = resolveFailure(
      '2026-03-29T02:30..2026-03-29T03:00',
      '2026-12-15T12:00Z',
      BERLIN,
    );
    expect(reason).toContain('`2026-03-29T02:30..2026-03-29T03:00`');
    expect(reason).toContain('daylight-saving');
  });

  it('starts a day at its first instant when midnight itself is skipped (Chile, 6 Sep 2026)', () => {
    // America/Santiago moves from 00:00 -04 to 01:00 -03 as 6 Sep begins.
    const window = resolveWord('2026-09-06..2026-09-06', '2026-12-15T12:00Z', 'America/Santiago');
    expect(window.from).toBe(at('2026-09-06T01:00-03:00'));
    expect(window.to).toBe(at('2026-09-07T00:00-03:00'));
  });
});
