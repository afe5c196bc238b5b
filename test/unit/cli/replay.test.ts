import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runReplay } from '../../../src/cli/replay.js';

function io(env: NodeJS.ProcessEnv = { EXEC_STATS_CONFIG: '/nonexistent/exec-stats.yml' }) {
  let out = '';
  let err = '';
  const cli: CliIo = {
    env,
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    color: false,
  };
  return { cli, out: () => out, err: () => err };
}

/** The summary row of a scenario: its numbers in column order. */
function row(out: string, scenario: string): number[] {
  const line = out.split('\n').find((l) => l.startsWith(`${scenario} `)) ?? '';
  return line
    .split(/\s{2,}|\s(?=\d)/)
    .slice(1)
    .map((cell) => Number(cell.trim()));
}

describe('exec-stats replay', () => {
  it('fires once on a spike, and recovers', async () => {
    const { cli, out } = io();
    expect(await runReplay(['--scenario', 'spike', '--hours', '3'], cli)).toBe(0);
    expect(out()).toContain("Rules: failure-spike (product.md's example)");
    expect(out()).toMatch(/ALERT {13}🚨 Failure spike: failure-spike · billing/);
    expect(out()).toMatch(/thread \(resolved\) Resolved after/);
    const [alerts, , recoveries] = row(out(), 'spike');
    expect(alerts).toBe(1);
    expect(recoveries).toBe(1);
  });

  it.each(['steady', 'noise'])('stays quiet on %s traffic', async (scenario) => {
    const { cli, out } = io();
    expect(await runReplay(['--scenario', scenario, '--hours', '3', '--per-source'], cli)).toBe(0);
    expect(out()).toContain('(nothing posted)');
  });

  it('tells the channel once that the API is down and once that it is back', async () => {
    const { cli, out } = io();
    await runReplay(['--scenario', 'outage', '--hours', '2'], cli);
    expect(out().match(/The stats API is unreachable/g)).toHaveLength(1);
    expect(out().match(/The stats API is back/g)).toHaveLength(1);
  });

  it('refuses an unknown scenario with the usage', async () => {
    const { cli, err } = io();
    expect(await runReplay(['--scenario', 'meteor'], cli)).toBe(2);
    expect(err()).toContain('unknown scenario "meteor"');
    expect(err()).toContain('usage: exec-stats replay');
  });
});
