import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckConfig } from '../../../src/cli/check-config.js';
import { fakeIo } from './fake-io.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const TOKEN = 'xoxb-check-config-not-a-real-token';
let dir: string;
let configPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'exec-stats-check-'));
  configPath = join(dir, 'exec-stats.yml');
  writeFileSync(
    configPath,
    [
      'digests:',
      '  - name: ops-daily',
      '    channel: C0123456789',
      '    schedule: "0 9 * * 1-5"',
      '    timezone: America/New_York',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({
  SLACK_BOT_TOKEN: TOKEN,
  SLACK_SIGNING_SECRET: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  EXEC_STATS_SIMULATOR: '1',
  EXEC_STATS_CONFIG: configPath,
});

describe('exec-stats check-config', () => {
  it('names a PostgreSQL state DB without its password', () => {
    const { io, out } = fakeIo({
      ...env(),
      EXEC_STATS_DB: 'postgres://bot:s3cret-pg-password@db.internal:5432/exec_stats',
    });
    expect(runCheckConfig([], io, { now: NOW })).toBe(0);
    expect(out()).toContain('state DB:');
    expect(out()).toContain('db.internal');
    expect(out()).not.toContain('s3cret-pg-password');
  });

  it('prints the config and the next runs at the given instant, never a secret', () => {
    const { io, out, err } = fakeIo(env());
    expect(runCheckConfig([], io, { now: NOW })).toBe(0);
    expect(out()).toMatch(/^Configuration is valid\.\n/);
    expect(out()).toContain(
      'next: Mon 30 Nov 09:00, Tue 1 Dec 09:00, Wed 2 Dec 09:00 (America/New_York)',
    );
    expect(out()).not.toContain(TOKEN);
    expect(err()).toBe('');
  });

  it('reports problems on stderr with the variable, exit 1', () => {
    const { io, out, err } = fakeIo({ ...env(), LOG_LEVEL: 'loud' });
    expect(runCheckConfig([], io, { now: NOW })).toBe(1);
    expect(out()).toBe('');
    expect(err()).toMatch(
      /^exec-stats check-config: Configuration has 1 problem:\n {2}- LOG_LEVEL: /,
    );
  });

  it('--help prints its usage without reading the config', () => {
    const { io, out } = fakeIo({ LOG_LEVEL: 'loud' });
    expect(runCheckConfig(['--help'], io, { now: NOW })).toBe(0);
    expect(out()).toMatch(/^usage: exec-stats check-config\n/);
  });
});
