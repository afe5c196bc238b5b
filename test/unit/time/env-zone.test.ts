import { describe, expect, it } from 'vitest';
import { readerZone } from '../../../src/time/env-zone.js';

const machine = (zone: string | undefined) => () => zone;

describe('readerZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    [':Europe/Paris', 'Europe/Paris'], // glibc's leading colon
    ['UTC', 'UTC'],
  ])('takes TZ=%s as %s', (tz, zone) => {
    expect(readerZone({ TZ: tz }, machine('Asia/Tokyo'))).toEqual({ zone, warning: null });
  });

  it.each([
    'UTC0',
    ':/etc/localtime',
    'Nope/Zone',
    '+01:00',
    ' Europe/Berlin',
    'Europe/Berlin\n{"level":"error"}',
  ])('falls back to UTC with a warning for TZ=%j', (tz) => {
    const { zone, warning } = readerZone({ TZ: tz }, machine('Asia/Tokyo'));
    expect(zone).toBe('UTC');
    expect(warning).toMatch(
      /is not a time zone name such as Europe\/Berlin; showing times in UTC\.$/,
    );
    expect(warning).not.toContain('\n'); // a hostile TZ cannot forge a second line
  });

  it('reads an empty TZ as UTC without a warning, as POSIX does', () => {
    expect(readerZone({ TZ: '' }, machine('Asia/Tokyo'))).toEqual({ zone: 'UTC', warning: null });
  });

  it("uses the machine's zone when TZ is unset, and UTC when that is unknown", () => {
    expect(readerZone({}, machine('Asia/Tokyo'))).toEqual({ zone: 'Asia/Tokyo', warning: null });
    expect(readerZone({}, machine('Etc/Unknown'))).toEqual({ zone: 'UTC', warning: null });
    expect(readerZone({}, machine(undefined))).toEqual({ zone: 'UTC', warning: null });
  });
});
