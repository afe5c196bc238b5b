import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isValidTimeZone } from '../../../src/time/zone.js';

describe('isValidTimeZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['America/New_York', 'America/New_York'],
    ['Asia/Kolkata', null],
    ['Pacific/Kiritimati', 'Pacific/Kiritimati'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
  ])('%s is a zone', (name, canonical) => {
    expect(isValidTimeZone(name)).toBe(true);
    // Some runtimes spell a zone by an older link name (Asia/Calcutta): only check when pinned.
    if (canonical !== null) expect(canonicalTimeZone(name)).toBe(canonical);
  });

  it.each([
    '',
    ' ',
    'Mars/Olympus',
    'Europe/Berlin ',
    'local',
    '+01:00',
    'Europe/Berlin\n',
    'UTC; DROP',
  ])('%j is not a zone', (name) => {
    expect(isValidTimeZone(name)).toBe(false);
    expect(canonicalTimeZone(name)).toBeNull();
  });
});
