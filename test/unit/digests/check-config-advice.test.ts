import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckConfig } from '../../../src/cli/check-config.js';
import { fakeIo } from '../cli/fake-io.js';

/**
 * Issue 15 in `exec-stats check-config`: a digest whose cron restricts both day fields is warned
 * about on stderr (exit 0: it is valid, only read differently by other tools), and the coming
 * year's clock changes that move a digest's run are noted under it. A fixed instant.
 */

const NOW = Date.parse('2026-06-01T12:00:00Z');
let dir: string;
let configPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'exec-stats-advice-'));
  configPath = join(dir, 'exec-stats.yml');
  writeFileSync(
    configPath,
    [
      'digests:',
      '  - name: monthly-or-wednesdays',
      '    channel: C0123456789',
      '    schedule: "0 0 1 * wed"',
      '    timezone: UTC',
      '  - name: berlin-night',
      '    channel: C0123456789',
      '    schedule: "30 2 * * *"',
      '    timezone: Europe/Berlin',
      '  - name: berlin-morning',
      '    channel: C0123456789',
      '    schedule: "0 9 * * 1-5"',
      '    timezone: Europe/Berlin',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check-config on schedules that clock changes or cron dialects affect', () => {
  it('warns on both day fields restricted and notes the clock changes, exit 0', () => {
    const { io, out, err } = fakeIo({
      SLACK_BOT_TOKEN: 'xoxb-advice-not-a-real-token',
      SLACK_SIGNING_SECRET: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      EXEC_STATS_SIMULATOR: '1',
      EXEC_STATS_CONFIG: configPath,
    });
    expect(runCheckConfig([], io, { now: NOW })).toBe(0);
    expect(err()).toBe(
      'warning: digests[0] (monthly-or-wednesdays): This schedule restricts both the day of month and the day of week: it runs on days matching either one (as classic cron does; node-cron and some other tools require both). For days matching both, restrict only one of the two day fields.\n',
    );
    const lines = out().split('\n');
    const at = (name: string) => lines.findIndex((line) => line.startsWith(`  ${name}:`));
    // The 1st of June 2026 is a Monday: next the 3rd (Wednesday), then the 10th, the 17th.
    expect(lines[at('monthly-or-wednesdays') + 1]).toBe(
      '    next: Wed 3 Jun 00:00, Wed 10 Jun 00:00, Wed 17 Jun 00:00 (UTC)',
    );
    expect(lines[at('monthly-or-wednesdays') + 2]).toMatch(/^ {4}warning: This schedule/);
    expect(lines.slice(at('berlin-night') + 2, at('berlin-night') + 4)).toEqual([
      "    note: On 2026-10-25 clocks in Europe/Berlin go back over this schedule's time: that day's run is posted once, the first time.",
      "    note: On 2027-03-28 clocks in Europe/Berlin go forward past this schedule's time: that day's run is posted right after the change.",
    ]);
    expect(lines[at('berlin-morning') + 2]).not.toMatch(/note|warning/);
  });
});
