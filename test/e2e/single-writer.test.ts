import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  killGroup,
  mainScriptArgs,
  type Spawned,
  spawnNode,
  waitForOutput,
  waitForStatus,
} from '../support/child-process.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';

interface Bot extends Spawned {
  readonly url: string;
}

const errorLines = (bot: Spawned, pattern: RegExp) =>
  bot
    .stdout()
    .split('\n')
    .filter((line) => line.includes('"level":"error"') && pattern.test(line));

/**
 * One writer per SQLite file, through real processes (src/main.ts through tsx): a second bot on
 * the same EXEC_STATS_DB (an overlapping rolling deploy) is refused at start while the first keeps
 * serving; a SIGKILLed bot leaves no lock behind; a state DB deleted under a running bot turns
 * /readyz to 503 with one error line, while /healthz (liveness) stays 200.
 */
// Several processes start through tsx: on a loaded machine that outlasts the suite's 20 s default,
// so this file allows 90 s (a bound, not a figure).
describe('one bot process per state DB file', { timeout: 90_000 }, () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let dir: string;
  const started: Spawned[] = [];
  beforeAll(async () => {
    slack = await startFakeSlack();
    statsApi = await startStatsServer(simulatedStatsHandler());
    dir = mkdtempSync(join(tmpdir(), 'exec-stats-single-writer-'));
  });
  afterAll(async () => {
    for (const bot of started) killGroup(bot);
    await statsApi.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function spawnBot(dbPath: string): Promise<Bot> {
    const port = await freePort();
    const bot = spawnNode(mainScriptArgs(), {
      SLACK_BOT_TOKEN: 'xoxb-single-writer-test',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_API_URL: slack.apiUrl,
      STATS_API_URL: statsApi.url,
      STATS_API_TOKEN: 'single-writer-stats-token',
      EXEC_STATS_DB: dbPath,
      PORT: String(port),
    });
    started.push(bot);
    return { ...bot, url: `http://127.0.0.1:${port}` };
  }

  it('refuses a second bot on the same file at start; a SIGKILLed bot does not block the next', async () => {
    const dbPath = join(dir, 'shared', 'state.db');
    const first = await spawnBot(dbPath);
    expect(await waitForStatus(`${first.url}/readyz`, 200)).toEqual({ status: 'ready' });

    const second = await spawnBot(dbPath);
    expect(await second.exited).toBe(1);
    const refusal = errorLines(second, /in use by another exec-stats process/);
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toContain(dbPath);
    expect(refusal[0]).toMatch(/PostgreSQL/);

    // The first one never noticed and keeps serving.
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(errorLines(first, /./)).toEqual([]);

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const third = await spawnBot(dbPath);
    expect(await waitForStatus(`${third.url}/readyz`, 200)).toEqual({ status: 'ready' });
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('turns /readyz to 503 and logs one error when the state DB file is deleted under it', async () => {
    const dbPath = join(dir, 'deleted', 'state.db');
    const bot = await spawnBot(dbPath);
    expect(await waitForStatus(`${bot.url}/readyz`, 200)).toEqual({ status: 'ready' });

    rmSync(dbPath);
    expect(await waitForStatus(`${bot.url}/readyz`, 503)).toEqual({
      status: 'unusable',
      reason: 'the state DB file was deleted or replaced',
    });
    await waitForOutput(bot, (out) => out.includes('was deleted while the bot runs'), 30_000);
    // More probes and the periodic check see it again: still one error line, still 503.
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);
    const errors = errorLines(bot, /state file/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(dbPath);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200); // liveness: the process serves

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });
});
