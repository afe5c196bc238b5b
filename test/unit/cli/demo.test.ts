import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_SPIKE_LEAD_MS,
  demoWorld,
  playAlertStory,
  runAlertDemo,
  runDemo,
  runDigestDemo,
} from '../../../src/cli/demo.js';
import { decodePng } from '../../support/png.js';
import { fakeIo } from './fake-io.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

// The demo's own `now` is passed to runDemo; TZ decides the zone it prints in.
const io = (env: NodeJS.ProcessEnv = { TZ: 'UTC' }) => {
  const { io: cli, out, err } = fakeIo(env);
  return { cli, out, err };
};

// The hours the issue found the demo silent or inconsistent at, and a busy weekday for contrast.
const SUNDAY_EVENING = Date.parse('2026-11-29T20:25:00Z');
const SATURDAY_NIGHT = Date.parse('2026-11-28T22:10:00Z');
const TUESDAY_NOON = Date.parse('2026-11-24T12:03:00Z');

describe("the demo's alert story", () => {
  // Every hour of a week, at a minute that is not on the hour: the spike fires, recovers, and
  // everything the demo would print happened at or before "now".
  const week = Array.from({ length: 168 }, (_, h) => Date.parse('2026-11-22T00:25:00Z') + h * HOUR);

  it('fires and recovers at every one of the 168 hours of a week, all before now', async () => {
    const missing: string[] = [];
    for (const now of week) {
      const world = demoWorld(now);
      const story = await playAlertStory(world, 'UTC');
      const at = new Date(now).toISOString();
      if (story.root === undefined) missing.push(`${at}: no alert`);
      else if (story.root.at <= world.anchor) missing.push(`${at}: fired before the spike`);
      if (story.resolved === undefined) missing.push(`${at}: no recovery`);
      if (story.lastEdit === undefined || !story.lastEdit.message.text.startsWith('✅')) {
        missing.push(`${at}: root not marked resolved`);
      }
      const latest = Math.max(
        story.root?.at ?? 0,
        story.resolved?.at ?? 0,
        story.lastEdit?.at ?? 0,
      );
      if (latest > now) missing.push(`${at}: a message stamped after now`);
    }
    expect(missing).toEqual([]);
    // 168 simulated stories: 5-10 s alone, up to 24 s measured with the other suites on 2 cores.
  }, 90_000);

  it('places the spike 75 minutes before now, on a whole minute', () => {
    const world = demoWorld(SUNDAY_EVENING + 42_000);
    expect(world.anchor).toBe(SUNDAY_EVENING - DEMO_SPIKE_LEAD_MS);
    expect(world.anchor % MINUTE).toBe(0);
  });

  it('prints the alert, its recovery and the resolved root, each with how long ago', async () => {
    const { cli, out } = io();
    expect(await runAlertDemo(cli, demoWorld(SATURDAY_NIGHT), 'UTC')).toBe(0);
    expect(out()).toMatch(/— the alert, as posted 1h \d+m ago —/);
    expect(out()).toContain('🚨 Failure spike: failure-spike · billing');
    expect(out()).toContain('[ Acknowledge ] [ Mute 1h ] [ Mute 4h ] [ Mute 24h ] [ View stats ]');
    expect(out()).toMatch(/— in its thread, when it recovered \d+m ago —/);
    expect(out()).toContain('✅ Recovered after');
    expect(out()).toContain('✅ Resolved: failure-spike · billing');
  });
});

describe('npm run demo', () => {
  it.each([
    ['a Sunday evening', SUNDAY_EVENING],
    ['a Saturday night', SATURDAY_NIGHT],
    ['a Tuesday noon', TUESDAY_NOON],
  ])('tells the whole story on %s', async (_label, now) => {
    const { cli, out, err } = io();
    expect(await runDemo(cli, { now, chartsDir: null })).toBe(0);
    expect(err()).toBe('');
    expect(out()).toContain('$ /exec-stats 24h');
    expect(out()).toContain('$ /exec-stats 6h source:billing');
    expect(out()).toContain('# digest "ops-daily"');
    expect(out()).toContain('🚨 Failure spike: failure-spike · billing');
    expect(out()).toContain('✅ Resolved: failure-spike · billing');
    expect(out()).not.toContain('in 1 min'); // nothing is dated after now
  });

  it.each([
    ['UTC0', 'TZ=UTC0 is not a time zone name'],
    [':/etc/localtime', 'TZ=:/etc/localtime is not a time zone name'],
    ['Mars/Olympus_Mons', 'TZ=Mars/Olympus_Mons is not a time zone name'],
  ])('falls back to UTC with one warning when TZ=%s', async (tz, warning) => {
    const { cli, out, err } = io({ TZ: tz });
    expect(await runDemo(cli, { now: SUNDAY_EVENING, chartsDir: null })).toBe(0);
    expect(err().split('\n').filter(Boolean)).toEqual([
      `exec-stats: ${warning} such as Europe/Berlin; showing times in UTC.`,
    ]);
    expect(out()).toContain('zone UTC');
    expect(out()).not.toMatch(/unknown (time )?zone/i);
    expect(out()).toContain('✅ Resolved: failure-spike · billing');
  });

  it('reads an empty TZ as UTC, as POSIX does, without a warning', async () => {
    const { cli, out, err } = io({ TZ: '' });
    expect(await runDemo(cli, { now: SUNDAY_EVENING, chartsDir: null })).toBe(0);
    expect(err()).toBe('');
    expect(out()).toContain('zone UTC');
  });
});

describe("the demo's charts", () => {
  it('writes the reply, digest and alert charts as PNGs and prints their paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exec-stats-demo-charts-'));
    try {
      const { cli, out, err } = io({ TZ: 'Europe/Berlin' });
      expect(await runDemo(cli, { now: TUESDAY_NOON, chartsDir: dir })).toBe(0);
      expect(err()).toBe('');
      const files = ['stats-24h.png', 'digest-ops-daily.png', 'alert-billing.png'];
      for (const file of files) {
        const path = join(dir, file);
        expect(out()).toContain(`: ${path}\n`);
        const picture = decodePng(readFileSync(path));
        expect([picture.width, picture.height]).toEqual([1200, 600]);
      }
      expect(readdirSync(dir).sort()).toEqual([...files].sort());
      expect(out()).toContain('the /exec-stats 24h reply: ');
      expect(out()).toContain('the alert, as first posted: ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the digest demo', () => {
  it('prints a digest from the simulator, compared with the day before', async () => {
    const { cli, out } = io({ TZ: 'Europe/Berlin' });
    await runDigestDemo(cli, demoWorld(Date.parse('2026-11-28T12:00:00Z')), 'Europe/Berlin');
    expect(out()).toContain('# digest "ops-daily" (0 9 * * *, Europe/Berlin)');
    expect(out()).toContain('Executions · yesterday');
    expect(out()).toContain('Compared with the previous 24 hours');
  });
});
