import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStatsFailure, plainText, runPreview } from '../../../src/cli/preview.js';
import { fixedClock } from '../../../src/clock.js';
import {
  StatsInvalidResponseError,
  StatsNetworkError,
  StatsTimeoutError,
} from '../../../src/stats/errors.js';
import { decodePng } from '../../support/png.js';
import { type StatsServer, startStatsServer } from '../../support/stats-server.js';
import { expectTerminalText, fakeIo } from './fake-io.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
let dir: string;
let configPath: string;

beforeAll(() => {
  // A config file of our own, so a developer's ./exec-stats.yml cannot change what is previewed.
  dir = mkdtempSync(join(tmpdir(), 'exec-stats-preview-'));
  configPath = join(dir, 'exec-stats.yml');
  writeFileSync(configPath, 'timezone: UTC\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function simulated() {
  return fakeIo({ EXEC_STATS_SIMULATOR: '1', EXEC_STATS_CONFIG: configPath }, NOW);
}
const fixed = { now: NOW, clock: fixedClock(NOW) };

describe('exec-stats preview with the simulator', () => {
  it('prints the message for the terminal and exits 0', async () => {
    const { io, out, err } = simulated();
    expect(await runPreview(['6h'], io, fixed)).toBe(0);
    expect(out()).toMatch(/^Executions · last 6 hours\n═+\n/);
    expect(out()).toContain('Tue 24 Nov 06:00 – 12:00 (UTC)');
    expect(err()).toBe('');
  });

  it('--json prints the Block Kit message as JSON', async () => {
    const { io, out } = simulated();
    expect(await runPreview(['--json', '6h'], io, fixed)).toBe(0);
    const message = JSON.parse(out()) as { text: string; blocks: unknown[] };
    expect(message.text).toMatch(/^Executions · last 6 hours: [\d,]+ total/);
    expect(message.blocks.length).toBeGreaterThan(3);
  });

  it.each([['--help'], ['help'], ['24h', 'help']])(
    '%j prints the terminal usage',
    async (...args) => {
      const { io, out } = simulated();
      expect(await runPreview(args, io, fixed)).toBe(0);
      expect(out()).toMatch(/^usage: exec-stats preview \[WINDOW\]/);
      expectTerminalText(out());
    },
  );
});

describe('exec-stats preview --chart', () => {
  it('writes the chart of the window as a PNG and prints its path', async () => {
    const { io, out, err } = simulated();
    const file = join(dir, 'chart.png');
    expect(await runPreview(['6h', '--chart', file], io, fixed)).toBe(0);
    expect(err()).toBe('');
    expect(out()).toMatch(/^Executions · last 6 hours\n/);
    expect(out()).toContain(`Chart (1200x600 PNG): ${file}\n`);
    const picture = decodePng(readFileSync(file));
    expect([picture.width, picture.height]).toEqual([1200, 600]);
  });

  it('--json adds the path, size and alt text', async () => {
    const { io, out } = simulated();
    const file = join(dir, 'chart-json.png');
    expect(await runPreview(['--json', '24h', `--chart=${file}`], io, fixed)).toBe(0);
    const message = JSON.parse(out()) as { chart: Record<string, unknown> };
    expect(message.chart).toMatchObject({ path: file, width: 1200, height: 600 });
    expect(message.chart.altText).toMatch(
      /^Executions · last 24 hours: failed and total executions per hour, Mon 23 Nov 12:00 to Tue 24 Nov 12:00 \(UTC\)\. [\d,]+ failed of [\d,]+/,
    );
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });

  it('says when the reply has no chart (source:NAME), and writes nothing', async () => {
    const { io, out } = simulated();
    const file = join(dir, 'none.png');
    expect(await runPreview(['6h', 'source:billing', '--chart', file], io, fixed)).toBe(0);
    expect(out()).toContain('No chart: the reply has none');
    expect(existsSync(file)).toBe(false);
  });

  it('exits 1 when the file cannot be written', async () => {
    const { io, err } = simulated();
    const file = join(dir, 'no-such-dir', 'chart.png');
    expect(await runPreview(['6h', '--chart', file], io, fixed)).toBe(1);
    expect(err()).toContain(`exec-stats preview: could not write the chart to ${file}: `);
  });

  it('needs a FILE', async () => {
    const { io, err } = simulated();
    expect(await runPreview(['6h', '--chart'], io, fixed)).toBe(2);
    expect(err()).toContain('--chart needs a value (FILE)');
  });
});

describe('exec-stats preview: bad arguments (exit 2, terminal words)', () => {
  it.each([
    [['banana'], 'exec-stats preview: "banana" is not understood'],
    [['2099-01-01..2099-01-02'], '"2099-01-01..2099-01-02" starts in the future'],
    [['200d'], '"200d" is longer than the 90 days'],
    [['subscribe', 'daily'], '"subscribe" is a Slack command; preview shows stats queries only'],
    [['--jsn'], 'unknown option "--jsn" (did you mean --json?)'],
  ])('%j', async (args, expected) => {
    const { io, out, err } = simulated();
    expect(await runPreview(args, io, fixed)).toBe(2);
    expect(out()).toBe('');
    expect(err()).toContain(expected);
    expect(err()).toMatch(/\nRun "exec-stats preview --help" for usage\.\n$/);
    expect(err().split('\n')).toHaveLength(3);
    expectTerminalText(err());
  });

  it('with --json, the error is JSON on stdout', async () => {
    const { io, out, err } = simulated();
    expect(await runPreview(['banana', '--json'], io, fixed)).toBe(2);
    const { error } = JSON.parse(out()) as { error: { kind: string; message: string } };
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/^"banana" is not understood/);
    expectTerminalText(error.message);
    expect(err()).toBe('');
  });

  it('with --json, an unknown option is a JSON error too', async () => {
    const { io, out } = simulated();
    expect(await runPreview(['--json', '--bogus'], io, fixed)).toBe(2);
    expect(JSON.parse(out())).toEqual({
      error: { kind: 'usage', message: 'unknown option "--bogus"' },
    });
  });
});

describe('exec-stats preview: configuration problems (exit 1)', () => {
  const noApi = () => fakeIo({ EXEC_STATS_CONFIG: configPath }, NOW);

  it('names the variables on stderr', async () => {
    const { io, out, err } = noApi();
    expect(await runPreview(['6h'], io, fixed)).toBe(1);
    expect(out()).toBe('');
    expect(err()).toMatch(/^exec-stats preview: Configuration has 2 problems:/);
    expect(err()).toContain('STATS_API_URL');
  });

  it('with --json, prints them as a JSON error', async () => {
    const { io, out } = noApi();
    expect(await runPreview(['6h', '--json'], io, fixed)).toBe(1);
    const { error } = JSON.parse(out()) as { error: { kind: string; message: string } };
    expect(error.kind).toBe('config');
    expect(error.message).toContain('STATS_API_TOKEN');
  });
});

describe('exec-stats preview: the stats API fails (exit 1)', () => {
  let api: StatsServer;
  beforeAll(async () => {
    // 401 is not retried, so the failure comes at once.
    api = await startStatsServer(() => ({
      status: 401,
      body: { code: 401, message: 'token expired', requestId: 'req-expired' },
    }));
  });
  afterAll(() => api.close());

  const withApi = () =>
    fakeIo(
      {
        STATS_API_URL: api.url,
        STATS_API_TOKEN: 'preview-test-not-a-real-token',
        EXEC_STATS_CONFIG: configPath,
      },
      NOW,
    );

  it('says what failed, the request, and what to check, on stderr', async () => {
    const { io, out, err } = withApi();
    expect(await runPreview(['6h'], io, fixed)).toBe(1);
    expect(out()).toBe('');
    const lines = err().trimEnd().split('\n');
    expect(lines).toEqual([
      'exec-stats preview: could not get executions for last 6 hours: stats API answered HTTP 401 (token expired); request ID req-expired',
      `  request: GET ${api.url}/v1/executions/stats?from=${NOW - 6 * 3_600_000}&to=${NOW}&granularity=hourly`,
      'Check STATS_API_TOKEN.',
    ]);
    expect(err()).not.toContain('preview-test-not-a-real-token');
    expectTerminalText(err());
  });

  it('with --json, the failure is a JSON error with the status and request ID', async () => {
    const { io, out } = withApi();
    expect(await runPreview(['6h', '--json'], io, fixed)).toBe(1);
    const { error } = JSON.parse(out()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ kind: 'http', status: 401, requestId: 'req-expired' });
    expect(error.message).toMatch(
      /^could not get executions for last 6 hours: .*Check STATS_API_TOKEN\.$/,
    );
  });
});

const REQUEST = { method: 'GET', url: 'https://stats.example.com/v1/executions/stats?from=1&to=2' };

describe('plainText', () => {
  it.each([
    [':warning: `banana` is not understood', '"banana" is not understood'],
    ['write `/exec-stats help`, *then* _retry_', 'write "/exec-stats help", then retry'],
    // Names with underscores, times and `source:NAME` stay as they are.
    [
      '`nightly_sync_v2` at 09:30:15 in source:billing:eu',
      '"nightly_sync_v2" at 09:30:15 in source:billing:eu',
    ],
    ['two\nlines', 'two lines'],
  ])('%j', (mrkdwn, text) => {
    expect(plainText(mrkdwn)).toBe(text);
  });
});

describe('describeStatsFailure', () => {
  it.each([
    [
      new StatsNetworkError('Could not reach the stats API (ENOTFOUND)', REQUEST),
      'network',
      'could not reach the stats API (ENOTFOUND)',
      'Check STATS_API_URL and that this machine can reach it.',
    ],
    [
      new StatsTimeoutError('Stats API sent no response within 10000 ms', REQUEST),
      'timeout',
      'stats API sent no response within 10000 ms',
      'The API was too slow: try again, or a shorter window.',
    ],
    [
      new StatsInvalidResponseError('Stats API response is not valid JSON', REQUEST),
      'invalid-response',
      'stats API response is not valid JSON',
      'Check that STATS_API_URL points at the stats API (the part before /v1/…).',
    ],
  ])('%s', (error, kind, summary, hint) => {
    const failure = describeStatsFailure(error, 'last 24 hours');
    expect(failure.kind).toBe(kind);
    // The request goes on a line of its own, not repeated at the end of the sentence.
    expect(failure.message).toBe(`could not get executions for last 24 hours: ${summary}`);
    expect(failure.request).toBe(`GET ${REQUEST.url}`);
    expect(failure.hint).toBe(hint);
  });

  it('calls anything else a bug and says how to see more', () => {
    const failure = describeStatsFailure(new TypeError('x is undefined'), 'today');
    expect(failure).toMatchObject({
      kind: 'internal',
      message: 'could not get executions for today: x is undefined',
      request: null,
    });
    expect(failure.hint).toContain('LOG_LEVEL=debug');
  });
});
