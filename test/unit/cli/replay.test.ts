import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_START,
  formatTable,
  parseStart,
  runReplay,
  summaryDuration,
} from '../../../src/cli/replay.js';
import type { RecordedCall } from '../../../src/dev/alerts/recording-slack.js';
import { summarise } from '../../../src/dev/alerts/replay-summary.js';
import { fakeIo } from './fake-io.js';

const NO_CONFIG = { EXEC_STATS_CONFIG: '/nonexistent/exec-stats.yml' };
const MINUTE = 60_000;

function io(env: NodeJS.ProcessEnv = NO_CONFIG, now?: number) {
  return fakeIo(env, now);
}

/** The summary row of a scenario: its cells in column order, after the name. */
function row(out: string, scenario: string): string[] {
  const line = out.split('\n').find((l) => l.startsWith(`${scenario} `)) ?? '';
  return line.slice(scenario.length).trim().split(/ {2,}/);
}

/** Everything a scenario's section printed, up to the next section or the summary. */
function section(out: string, scenario: string): string {
  const start = out.indexOf(`\n== ${scenario}:`);
  const end = out.indexOf('\n\n', start + 1);
  return out.slice(start, end === -1 ? undefined : end);
}

describe('exec-stats replay', () => {
  it('fires once on a spike, and recovers', async () => {
    const { io: cli, out } = io();
    expect(await runReplay(['--scenario', 'spike', '--hours', '3'], cli)).toBe(0);
    expect(out()).toMatch(
      /^Rules: the example rule, since there is no config file at \/nonexistent\/exec-stats\.yml:\n {2}failure-spike: overall, billing only; fires at >= 20% failed/m,
    );
    expect(out()).toMatch(/ALERT {13}🚨 Failure spike: failure-spike · billing/);
    expect(out()).toMatch(/thread \(resolved\) Resolved after/);
    const [alerts, firedAgain, , resolvedAfter, recoveries] = row(out(), 'spike');
    expect(alerts).toBe('1');
    expect(firedAgain).toBe('0');
    expect(resolvedAfter).toMatch(/^\d+m$/);
    expect(recoveries).toBe('1');
  });

  it('never points at files outside the repository', async () => {
    const { io: cli, out } = io();
    await runReplay(['--scenario', 'spike', '--hours', '2', '--full'], cli);
    expect(out()).not.toMatch(/product\.md|stats-api\.md|\/work\/|shared\//);
  });

  it.each(['steady', 'noise'])('stays quiet on %s traffic', async (scenario) => {
    const { io: cli, out } = io();
    expect(await runReplay(['--scenario', scenario, '--hours', '3', '--per-source'], cli)).toBe(0);
    expect(out()).toContain('(nothing posted)');
    expect(out()).not.toContain('note: no rule watches');
  });

  it('tells the channel once that the API is down and once that it is back', async () => {
    const { io: cli, out } = io();
    await runReplay(['--scenario', 'outage', '--hours', '2'], cli);
    expect(out().match(/The stats API is unreachable/g)).toHaveLength(1);
    expect(out().match(/The stats API is back/g)).toHaveLength(1);
  });
});

describe('exec-stats replay: reproducible', () => {
  it('prints the seed, the start and the command that repeats the run', async () => {
    const { io: cli, out } = io();
    await runReplay(['--scenario', 'spike', '--hours', '2'], cli);
    expect(out()).toMatch(
      /^Replay: seed 1, start Mon 2026-11-02T06:00Z, 2h per scenario, rules evaluated every 1m\.\n/,
    );
    expect(out()).toContain(
      'Each scenario begins after 1h of steady traffic, at 2026-11-02T07:00Z',
    );
    expect(out()).toContain(
      'Repeat with: exec-stats replay --scenario spike --hours 2 --seed 1 --start 2026-11-02T06:00Z\n',
    );
  });

  it('by default does not depend on the wall clock', async () => {
    const monday = io(NO_CONFIG, Date.parse('2026-11-30T09:00:00Z'));
    const sunday = io(NO_CONFIG, Date.parse('2026-12-06T20:25:00Z'));
    await runReplay(['--scenario', 'spike', '--hours', '2'], monday.io);
    await runReplay(['--scenario', 'spike', '--hours', '2'], sunday.io);
    expect(monday.out()).toContain(
      `start Mon ${new Date(DEFAULT_START).toISOString().slice(0, 16)}Z`,
    );
    expect(sunday.out()).toBe(monday.out());
  });

  it('the repeat command gives the same output, --start now included', async () => {
    const first = io(NO_CONFIG, Date.parse('2026-11-28T22:10:42Z'));
    await runReplay(
      ['--scenario', 'spike', '--hours', '2', '--start', 'now', '--seed', '5'],
      first.io,
    );
    expect(first.out()).toContain('start Sat 2026-11-28T22:10Z');
    const repeat = /^Repeat with: exec-stats replay (.*)$/m.exec(first.out())?.[1] ?? '';
    expect(repeat).toBe('--scenario spike --hours 2 --seed 5 --start 2026-11-28T22:10Z');
    const again = io(NO_CONFIG, Date.parse('2027-01-01T00:00:00Z'));
    await runReplay(repeat.split(' '), again.io);
    expect(again.out()).toBe(first.out());
  });

  it('another seed plays other executions', async () => {
    const [one, two] = [io(), io()];
    await runReplay(['--scenario', 'spike', '--hours', '2', '--seed', '1'], one.io);
    await runReplay(['--scenario', 'spike', '--hours', '2', '--seed', '2'], two.io);
    expect(section(two.out(), 'spike')).not.toBe(section(one.out(), 'spike'));
  });

  it.each([
    ['2026-11-02T06:00Z', Date.UTC(2026, 10, 2, 6, 0)],
    ['2026-11-02T06:00', Date.UTC(2026, 10, 2, 6, 0)],
    ['2026-11-02T07:30:15+01:30', Date.UTC(2026, 10, 2, 6, 0, 15)],
    ['2026-11-02t01:00-0500', Date.UTC(2026, 10, 2, 6, 0)],
    ['2026-11-02', Date.UTC(2026, 10, 2)],
    ['2026-11-02T06:00:00.250Z', Date.UTC(2026, 10, 2, 6, 0, 0, 250)],
  ])('--start %s is read as an instant (UTC without an offset)', (text, expected) => {
    expect(parseStart(text)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-11-02T24:00', '2026-13-01', 'yesterday', '1730527200000', ''])(
    '--start %j is refused',
    (text) => {
      expect(parseStart(text)).toBeNull();
    },
  );
});

describe('exec-stats replay: honest about what the rules can see', () => {
  it('says when a scenario disturbs a source system no rule watches', async () => {
    const { io: cli, out } = io();
    await runReplay(['--scenario', 'degradation,flapping', '--hours', '2'], cli);
    expect(section(out(), 'degradation')).toContain(
      '  (nothing posted)\n  note: no rule watches inventory, the source system this scenario disturbs; add --per-source',
    );
    expect(out()).toContain(
      'Not watched by any rule, so quiet whatever happens: degradation (inventory), flapping (payments-eu): run with --per-source',
    );
  });

  it('with --per-source the same scenarios are watched, and the header says so', async () => {
    const { io: cli, out } = io();
    await runReplay(['--scenario', 'degradation', '--hours', '6', '--per-source'], cli);
    expect(out()).toContain('failure-spike-per-source: each source system on its own;');
    expect(out()).not.toContain('no rule watches');
    const [alerts] = row(out(), 'degradation');
    expect(Number(alerts)).toBeGreaterThanOrEqual(1);
  });

  describe('with rules in the config file', () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'exec-stats-replay-'));
      const path = join(dir, 'exec-stats.yml');
      writeFileSync(
        path,
        [
          'alerts:',
          '  channel: C0123456789',
          '  rules:',
          '    - name: billing-only',
          '      sources: [billing]',
          '      window: 15m',
          '      failureRate: 0.2',
        ].join('\n'),
      );
      env = { EXEC_STATS_CONFIG: path };
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('replays them, says --per-source is ignored, and names the unwatched source', async () => {
      const { io: cli, out, err } = io(env);
      expect(await runReplay(['--scenario', 'flapping', '--hours', '1', '--per-source'], cli)).toBe(
        0,
      );
      expect(err()).toContain('--per-source is ignored');
      expect(out()).toContain(
        `Rules from ${env.EXEC_STATS_CONFIG}:\n  billing-only: overall, billing only;`,
      );
      expect(out()).toContain(
        'note: no rule watches payments-eu, the source system this scenario disturbs\n',
      );
    });
  });
});

describe('exec-stats replay: bad arguments exit 2 with a hint', () => {
  it.each([
    [['--scenario', 'meteor'], 'unknown scenario "meteor": expected steady, spike,'],
    [['--hours', '0'], '--hours must be a whole number from 1 to 72, not "0"'],
    [['--seed', '1.5'], '--seed must be a whole number, like 1 or 42, not "1.5"'],
    [['--seed', '-3'], '--seed must be a whole number'],
    [['--start', 'monday'], '--start must be a date and time like 2026-11-02T06:00Z'],
    [['--per-sorce'], 'unknown option "--per-sorce" (did you mean --per-source?)'],
    [['spike'], 'unexpected argument "spike"'],
  ])('%j', async (args, problem) => {
    const { io: cli, out, err } = io();
    expect(await runReplay(args, cli)).toBe(2);
    expect(err()).toContain(`exec-stats replay: ${problem}`);
    expect(err()).toMatch(/\nRun "exec-stats replay --help" for usage\.\n$/);
    expect(out()).toBe('');
  });
});

describe('summarise', () => {
  const post = (key: string, minute: number): RecordedCall => ({
    kind: 'post',
    key,
    message: { channel: 'C0123456789', text: key, blocks: [] },
    ts: `${minute}.000001`,
    at: minute * MINUTE,
  });

  it('counts an incident that fires again after recovering, and times its first recovery', () => {
    const calls = [
      post('alert:r:abc:root', 10),
      post('alert:r:abc:resolved:1', 40),
      post('alert:r:abc:reopened:1', 45),
      post('alert:r:abc:renotify:1', 105),
      post('alert:r:abc:resolved:2', 120),
      post('alerts-api:1:down:C0123456789', 130),
    ];
    expect(summarise(calls, 4 * MINUTE)).toEqual({
      fired: 1,
      reopened: 1,
      timeToFireMs: 6 * MINUTE,
      firstRecoveryMs: 30 * MINUTE,
      recoveries: 2,
      reminders: 1,
      joined: 0,
      apiNotices: 1,
      notifications: 6,
      edits: 0,
    });
  });
});

describe('summaryDuration', () => {
  it('shows a false alarm before the disturbance with a minus sign, and none as -', () => {
    expect(summaryDuration(-14 * MINUTE)).toBe('-14m');
    expect(summaryDuration(76 * MINUTE)).toBe('1h 16m');
    expect(summaryDuration(null)).toBe('-');
  });
});

describe('formatTable', () => {
  it('right-aligns values under headers that may span two lines', () => {
    expect(
      formatTable(
        ['name', 'count', 'time to\nfire'],
        [
          ['spike', '1', '6m'],
          ['degradation', '12', '1h 16m'],
        ],
      ),
    ).toBe(
      [
        '                    time to',
        'name         count     fire',
        'spike            1       6m',
        'degradation     12   1h 16m',
        '',
      ].join('\n'),
    );
  });
});
