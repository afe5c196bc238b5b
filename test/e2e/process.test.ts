import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  mainScriptArgs,
  REPO_ROOT,
  spawnNode,
  waitForOutput,
  waitUntilHealthy,
} from '../support/child-process.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { decodePng } from '../support/png.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { postSigned, slashCommandBody } from '../support/slack-request.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-process-test-token',
  SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
  STATS_API_TOKEN: 'process-test-stats-token',
};

// Each test starts a process through tsx; on a loaded 2-core machine that can outlast the suite's
// 20 s default, so these allow 60 s (a bound, not a figure).
describe('the bot as its own process (src/main.ts through tsx, as npm run dev runs it)', {
  timeout: 60_000,
}, () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  beforeAll(async () => {
    slack = await startFakeSlack();
    statsApi = await startStatsServer(simulatedStatsHandler());
  });
  afterAll(async () => {
    await statsApi.close();
    await slack.close();
  });

  it('answers a signed command, logs JSON lines without secrets, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const bot = spawnNode(mainScriptArgs(), {
      ...SECRETS,
      SLACK_API_URL: slack.apiUrl,
      STATS_API_URL: statsApi.url,
      PORT: String(port),
      LOG_LEVEL: 'debug',
    });
    try {
      await waitUntilHealthy(`http://127.0.0.1:${port}/healthz`);
      const body = slashCommandBody({ text: '7d', responseUrl: slack.responseUrl('process-7d') });
      const ack = await postSigned(
        `http://127.0.0.1:${port}/slack/events`,
        SECRETS.SLACK_SIGNING_SECRET,
        body,
      );
      expect(ack.status).toBe(200);
      await slack.waitFor(() => slack.responses.some((r) => r.id === 'process-7d'));
      expect(slack.calls.some((c) => c.method === 'auth.test')).toBe(true);

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const lines = bot.stdout().trim().split('\n');
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        expect(entry).toHaveProperty('level');
        expect(entry).toHaveProperty('msg');
        for (const secret of Object.values(SECRETS)) expect(line).not.toContain(secret);
      }
      expect(lines.some((line) => line.includes('"stopped"'))).toBe(true);
    } finally {
      bot.child.kill('SIGKILL');
    }
  });

  it('Slack unreachable at start: one line names the URL and the cause at once; SIGTERM exits 0', async () => {
    const unreachable = await freePort(); // nothing listens there
    const apiUrl = `http://127.0.0.1:${unreachable}/api/`;
    const bot = spawnNode(mainScriptArgs(), {
      ...SECRETS,
      SLACK_API_URL: apiUrl,
      EXEC_STATS_SIMULATOR: '1',
      PORT: String(await freePort()),
    });
    try {
      // Within a few seconds of spawning (the TypeScript loader's start-up included), not after
      // the minute of retries.
      await waitForOutput(bot, (out) => out.includes('cannot reach Slack'), 8_000);
      // Then a retry (1 to 2 s after the first attempt), to see the line is not repeated.
      const failures = (out: string) => out.split('http request failed').length - 1;
      await waitForOutput(bot, (out) => failures(out) >= 2, 10_000);
      const lines = bot.stdout().trim().split('\n');
      const reports = lines.filter((line) => line.includes('cannot reach Slack'));
      // Once, not once per retry; and at the first attempt, before the client's own line.
      expect(reports).toHaveLength(1);
      const report = JSON.parse(reports[0] ?? '{}') as Record<string, unknown>;
      expect(report.msg).toBe(
        `cannot reach Slack at ${apiUrl}auth.test: connect ECONNREFUSED 127.0.0.1:${unreachable} (retrying)`,
      );
      expect(report).toMatchObject({ url: `${apiUrl}auth.test`, cause: 'ECONNREFUSED' });
      const firstFailure = lines.findIndex((line) => line.includes('http request failed'));
      expect(lines.indexOf(reports[0] ?? '')).toBeLessThan(firstFailure);

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.stdout()).toContain('"stopped"');
    } finally {
      bot.child.kill('SIGKILL');
    }
  });

  it('refuses to start on bad config: names each variable, prints no secret, exits 1', async () => {
    const bot = spawnNode(mainScriptArgs(), {
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      PORT: 'eighty',
    });
    expect(await bot.exited).toBe(1);
    const report = bot.stderr();
    expect(report).toContain('STATS_API_URL');
    expect(report).toContain('PORT');
    for (const secret of Object.values(SECRETS)) expect(report).not.toContain(secret);
  });
});

describe('npx exec-stats (bin/exec-stats.mjs)', { timeout: 60_000 }, () => {
  const bin = join(REPO_ROOT, 'bin/exec-stats.mjs');

  it('check-config: valid env prints the summary without secrets and exits 0', async () => {
    const run = spawnNode([bin, 'check-config'], {
      ...SECRETS,
      STATS_API_URL: 'https://stats.example.com',
    });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('Configuration is valid.');
    expect(run.stdout()).toContain('https://stats.example.com');
    for (const secret of Object.values(SECRETS)) expect(run.stdout()).not.toContain(secret);
  });

  it('check-config: problems exit 1', async () => {
    const run = spawnNode([bin, 'check-config'], { LOG_LEVEL: 'loud' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('LOG_LEVEL');
  });

  it('preview --json with the simulator prints Block Kit JSON', async () => {
    const run = spawnNode([bin, 'preview', '24h', '--json'], { EXEC_STATS_SIMULATOR: '1' });
    expect(await run.exited).toBe(0);
    const message = JSON.parse(run.stdout()) as { text: string; blocks: unknown[] };
    expect(message.text).toMatch(/^Executions · last 24 hours/);
    expect(message.blocks.length).toBeGreaterThan(3);
  });

  it('preview --chart with the simulator writes the PNG and prints its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exec-stats-preview-chart-'));
    try {
      const file = join(dir, 'chart.png');
      const run = spawnNode([bin, 'preview', '24h', '--chart', file], {
        EXEC_STATS_SIMULATOR: '1',
      });
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain(`Chart (1200x600 PNG): ${file}\n`);
      const picture = decodePng(readFileSync(file));
      expect([picture.width, picture.height]).toEqual([1200, 600]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('preview against an API that fails exits 1 with the reason', async () => {
    const statsApi = await startStatsServer(() => ({
      status: 503,
      body: { code: 503, message: 'maintenance', requestId: 'req-maint' },
    }));
    try {
      const run = spawnNode([bin, 'preview', '6h'], {
        STATS_API_URL: statsApi.url,
        STATS_API_TOKEN: SECRETS.STATS_API_TOKEN,
      });
      expect(await run.exited).toBe(1);
      // Errors for the terminal go to stderr; stdout stays the message (empty when there is none).
      expect(run.stderr()).toContain('req-maint');
      expect(run.stderr()).not.toMatch(/:warning:|`/);
      expect(run.stdout()).toBe('');
    } finally {
      await statsApi.close();
    }
  });
});
