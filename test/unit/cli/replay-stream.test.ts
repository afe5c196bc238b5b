import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runReplay } from '../../../src/cli/replay.js';
import type { AlertRuleConfig } from '../../../src/config/config.js';
import { parseStreamFile } from '../../../src/dev/alerts/stream-file.js';
import { replayStream } from '../../../src/dev/alerts/stream-replay.js';
import { fakeIo } from './fake-io.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 7);
const dir = mkdtempSync(join(tmpdir(), 'replay-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** billing: 1 success a minute for 30 minutes, and at minute 10 three failures (Timeout). */
function history(): string {
  const lines: string[] = [];
  for (let m = 0; m < 30; m++) {
    const at = new Date(T0 + m * MIN).toISOString();
    lines.push(
      m === 10
        ? JSON.stringify({
            at,
            source: 'billing',
            succeeded: 2,
            failed: 3,
            reasons: { Timeout: 3 },
          })
        : JSON.stringify({
            at: T0 + m * MIN,
            source: 'billing',
            succeeded: 1,
            failed: 0,
            cancelled: 0,
          }),
    );
  }
  lines.push('', JSON.stringify({ at: T0 + 3 * MIN, source: 'crm-sync', succeeded: 1 }));
  return `${lines.join('\n')}\n`;
}

const RULE: AlertRuleConfig = {
  name: 'tiny',
  scope: 'per-source',
  sources: null,
  windowMs: 5 * MIN,
  minFailures: 3,
  failureRate: 0.3,
  baseline: null,
  for: 1,
  recoverRate: 0.15,
  renotifyMs: 3_600_000,
  channel: 'C1',
};

describe('replay of a stream of per-minute counts', () => {
  it('parses the history file: minutes without a line are zero, sources sorted', () => {
    const parsed = parseStreamFile(history());
    if (!parsed.ok) throw new Error(parsed.problem);
    const { stream } = parsed;
    expect(stream.start).toBe(T0);
    expect(stream.minutes).toBe(30);
    expect(stream.sources).toEqual(['billing', 'crm-sync']);
    expect(stream.failed[0]?.[10]).toBe(3);
    expect(stream.terminal[0]?.[10]).toBe(5);
    expect(stream.terminal[1]?.[2]).toBe(0);
    expect(stream.terminal[1]?.[3]).toBe(1);
  });

  it('names the line of a bad record', () => {
    expect(
      parseStreamFile('{"at": "2026-11-02T07:00:00Z", "source": "a", "failed": 1}\nnope'),
    ).toEqual({
      ok: false,
      problem: 'line 2: not a JSON object',
    });
    expect(parseStreamFile('{"at": "yesterday", "source": "a"}')).toMatchObject({ ok: false });
    expect(parseStreamFile('{"at": 0, "source": "a", "failed": -1}')).toMatchObject({
      problem: 'line 1: "failed" must be a whole number >= 0',
    });
  });

  it('fires when the window takes in the failures and resolves when it lets them go', () => {
    const parsed = parseStreamFile(history());
    if (!parsed.ok) throw new Error(parsed.problem);
    const result = replayStream(parsed.stream, { rules: [RULE], intervalMs: MIN, from: T0 + MIN });
    const alarms = result.events.filter((e) => e.kind !== 'update');
    // Window [6, 11) holds minute 10: 3 failed of 9 = 33% >= 30%, 3 failures. Window [11, 16)
    // no longer holds it: 0% < 15%, calm; 0 of 5 is no clear evidence of a rate below 30%, so
    // it recovers after two windows (10 min) from the last evaluation that was not calm (15).
    expect(alarms).toEqual([
      { at: T0 + 11 * MIN, kind: 'fire', rule: 'tiny', sources: ['billing'] },
      { at: T0 + 25 * MIN, kind: 'resolve', rule: 'tiny', sources: ['billing'] },
    ]);
    expect(result.evaluations).toBe(30);
  });

  it('prints one JSON object per notification with --json', async () => {
    const file = join(dir, 'history.jsonl');
    writeFileSync(file, history());
    const config = join(dir, 'exec-stats.yml');
    writeFileSync(
      config,
      [
        'alerts:',
        '  channel: C0123456789',
        '  rules:',
        '    - name: tiny',
        '      scope: per-source',
        '      window: 5m',
        '      minFailures: 3',
        '      failureRate: 0.3',
        '      recoverRate: 0.15',
        '',
      ].join('\n'),
    );
    const { io, out, err } = fakeIo({ EXEC_STATS_CONFIG: config });
    expect(await runReplay(['--stream', file, '--json'], io)).toBe(0);
    expect(err()).toBe('');
    const lines = out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; at: string });
    expect(lines[0]).toEqual({
      at: '2026-11-02T07:11:00.000Z',
      kind: 'fire',
      rule: 'tiny',
      sources: ['billing'],
    });
    expect(lines.filter((l) => l.kind === 'resolve').map((l) => l.at)).toEqual([
      '2026-11-02T07:25:00.000Z',
    ]);
  });

  it('renders the messages without --json, and refuses a file it cannot read', async () => {
    const file = join(dir, 'history2.jsonl');
    writeFileSync(file, history());
    const { io, out } = fakeIo({ EXEC_STATS_CONFIG: '/nonexistent/exec-stats.yml' });
    expect(await runReplay(['--stream', file], io)).toBe(0);
    // The example rule watches billing; 3 failures are fewer than its minFailures (5).
    expect(out()).toMatch(
      /^Replay of .*history2\.jsonl: 2 source systems, 2026-11-02T07:00Z to 2026-11-02T07:30Z/,
    );
    expect(out()).toMatch(/\(nothing notified\)\n$/);
    const bad = fakeIo({ EXEC_STATS_CONFIG: '/nonexistent/exec-stats.yml' });
    expect(await runReplay(['--stream', join(dir, 'missing.jsonl')], bad.io)).toBe(1);
    expect(bad.err()).toMatch(/cannot read .*missing\.jsonl/);
  });

  it('refuses --json without --stream, and --quick without --eval', async () => {
    const a = fakeIo();
    expect(await runReplay(['--json'], a.io)).toBe(2);
    expect(a.err()).toMatch(/--json goes with --stream/);
    const b = fakeIo();
    expect(await runReplay(['--quick'], b.io)).toBe(2);
    expect(b.err()).toMatch(/--quick goes with --eval/);
  });
});
