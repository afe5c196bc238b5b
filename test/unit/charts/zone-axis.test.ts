import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/charts/chart-engine.js';
import { statsSpec } from '../../../src/charts/stats-spec.js';
import { formatInZone, zoneTicks } from '../../../src/charts/zone-axis.js';
import { HOUR } from './fixtures.js';

function labelsOf(from: number, to: number, zone: string, maxTicks = 7): string[] {
  const ticks = zoneTicks(from, to, zone, maxTicks);
  return ticks.values.map((value) => ticks.labels[String(value)] ?? '?');
}

describe('zoneTicks', () => {
  it('labels the hour that repeats when Berlin falls back, at its real instants', () => {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
    const from = Date.UTC(2026, 9, 24, 22); // 00:00 CEST
    const to = Date.UTC(2026, 9, 25, 4); // 05:00 CET
    const ticks = zoneTicks(from, to, 'Europe/Berlin', 7);
    expect(ticks.values).toEqual([22, 23, 24, 25, 26, 27, 28].map((h) => Date.UTC(2026, 9, 24, h)));
    expect(labelsOf(from, to, 'Europe/Berlin')).toEqual([
      '00:00',
      '01:00',
      '02:00',
      '02:00',
      '03:00',
      '04:00',
      '05:00',
    ]);
  });

  it('skips the hour that does not exist when Berlin springs forward', () => {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    const from = Date.UTC(2026, 2, 28, 23); // 00:00 CET
    const to = Date.UTC(2026, 2, 29, 4); // 06:00 CEST
    expect(labelsOf(from, to, 'Europe/Berlin')).toEqual([
      '00:00',
      '01:00',
      '03:00',
      '04:00',
      '05:00',
      '06:00',
    ]);
  });

  it('puts day ticks on local midnights on both sides of a DST change', () => {
    // New York falls back on 2026-11-01: midnight is 04:00 UTC before, 05:00 UTC after.
    const from = Date.UTC(2026, 9, 29, 4);
    const to = Date.UTC(2026, 10, 5, 5);
    const ticks = zoneTicks(from, to, 'America/New_York', 7);
    expect(ticks.values).toContain(Date.UTC(2026, 9, 31, 4));
    expect(ticks.values).toContain(Date.UTC(2026, 10, 2, 5));
    expect(labelsOf(from, to, 'America/New_York').slice(0, 3)).toEqual([
      'Thu 29',
      'Sat 31',
      'Mon 2',
    ]);
  });

  it('follows zones whose offset is not a whole hour', () => {
    // Kolkata is UTC+05:30: local whole hours fall at :30 UTC.
    const from = Date.UTC(2026, 10, 29, 0, 0);
    const to = from + 12 * HOUR;
    const ticks = zoneTicks(from, to, 'Asia/Kolkata', 7);
    expect(ticks.values.every((value) => new Date(value).getUTCMinutes() === 30)).toBe(true);
    expect(labelsOf(from, to, 'Asia/Kolkata')[0]).toBe('06:00');
  });

  it('uses minute ticks for short windows and at most maxTicks + 1 ticks', () => {
    const from = Date.UTC(2026, 10, 29, 13, 7);
    expect(labelsOf(from, from + HOUR, 'UTC')).toEqual([
      '13:10',
      '13:20',
      '13:30',
      '13:40',
      '13:50',
      '14:00',
    ]);
    for (const span of [HOUR / 2, 6 * HOUR, 72 * HOUR, 30 * 24 * HOUR, 90 * 24 * HOUR]) {
      expect(zoneTicks(from, from + span, 'Europe/Berlin', 7).values.length).toBeLessThanOrEqual(8);
    }
    expect(zoneTicks(from, from, 'UTC', 7).values).toEqual([]);
  });

  it('formats an instant in the zone', () => {
    const at = Date.UTC(2026, 10, 29, 13, 5);
    expect(formatInZone(at, 'America/New_York', false)).toBe('08:05');
    expect(formatInZone(at, 'Asia/Tokyo', true)).toBe('Sun 29 Nov 22:05');
  });
});

describe('the stats chart axis over a DST change', () => {
  it('draws the local labels, the repeated hour twice', async () => {
    const from = Date.UTC(2026, 9, 24, 22);
    const buckets = Array.from({ length: 6 }, (_, i) => ({
      startMs: from + i * HOUR,
      endMs: from + (i + 1) * HOUR,
      failed: 1,
      total: 10,
      share: 1,
    }));
    const engine = await loadEngine();
    const svg = await engine.svg(
      statsSpec({ kind: 'stats', title: 'DST', timeZone: 'Europe/Berlin', buckets }),
    );
    const labels = [...svg.matchAll(/>(\d\d:\d\d)</g)].map((m) => m[1]);
    expect(labels).toEqual(['00:00', '01:00', '02:00', '02:00', '03:00', '04:00', '05:00']);
    expect(svg).toContain('Time (Europe/Berlin)');
  });

  it('labels no times when there are no buckets (there is no window to show)', async () => {
    const engine = await loadEngine();
    const svg = await engine.svg(
      statsSpec({ kind: 'stats', title: 'Empty', timeZone: 'Europe/Berlin', buckets: [] }),
    );
    expect(svg).not.toMatch(/>\d\d:\d\d</);
    expect(svg).toContain('No executions to draw in this window.');
  });
});
