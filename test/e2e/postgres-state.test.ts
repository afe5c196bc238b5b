import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/state/postgres/migrations.js';
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
import { createTestDatabase, type TestDatabase, testDatabase } from '../unit/state/backends.js';

interface Bot extends Spawned {
  readonly url: string;
}

const PASSWORD = 'hunter2-not-for-logs';

/**
 * The bot on PostgreSQL, as real processes (src/main.ts through tsx) on a database of this file's
 * own: two bots share one database (no single-writer refusal) and migrate it once; a password in
 * the URL never reaches the logs; /readyz answers 503 once the database is gone; an unreachable
 * database or an unsupported URL stops the start with a message that says what to check.
 * PostgreSQL unreachable on 127.0.0.1:5432: these fail, they are not skipped.
 */
describe('the bot on PostgreSQL', { timeout: 90_000 }, () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  const ownDatabase = testDatabase('e2e');
  let database: TestDatabase;
  const started: Spawned[] = [];
  beforeAll(async () => {
    await ownDatabase.setup();
    slack = await startFakeSlack();
    statsApi = await startStatsServer(simulatedStatsHandler());
  });
  afterAll(async () => {
    for (const bot of started) killGroup(bot);
    await statsApi?.close();
    await slack?.close();
    await ownDatabase.teardown();
  });
  beforeEach(async () => {
    database = await ownDatabase.get();
  });

  async function spawnBot(db: string): Promise<Bot> {
    const port = await freePort();
    const bot = spawnNode(mainScriptArgs(), {
      SLACK_BOT_TOKEN: 'xoxb-postgres-state-test',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_API_URL: slack.apiUrl,
      STATS_API_URL: statsApi.url,
      STATS_API_TOKEN: 'postgres-state-stats-token',
      EXEC_STATS_DB: db,
      PORT: String(port),
    });
    started.push(bot);
    return { ...bot, url: `http://127.0.0.1:${port}` };
  }

  /** The test database's URL with a password in it (trust auth ignores it). */
  const urlWithPassword = () => {
    const url = new URL(database.url);
    url.password = PASSWORD;
    return url.toString();
  };

  it('runs two bots on one database, migrated once, stopped cleanly', async () => {
    const [first, second] = await Promise.all([
      spawnBot(urlWithPassword()),
      spawnBot(urlWithPassword()),
    ]);
    expect(await waitForStatus(`${first.url}/readyz`, 200)).toEqual({ status: 'ready' });
    expect(await waitForStatus(`${second.url}/readyz`, 200)).toEqual({ status: 'ready' });

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT version FROM exec_stats_schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    } finally {
      await client.end();
    }
    const migrated = [first, second].map((bot) => {
      const line = bot
        .stdout()
        .split('\n')
        .find((l) => l.includes('state DB: PostgreSQL'));
      return (JSON.parse(line ?? '{}') as { migrated?: number[] }).migrated;
    });
    // Every step once, by one of the two.
    expect(migrated.flat().sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      PG_MIGRATIONS.map((m) => m.version),
    );

    for (const bot of [first, second]) {
      expect(bot.stdout()).toContain('postgres://postgres');
      expect(bot.stdout() + bot.stderr()).not.toContain(PASSWORD);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    }
  });

  it('turns /readyz to 503 once the database cannot be reached, /healthz staying 200', async () => {
    const doomed = await createTestDatabase('e2e_doomed');
    let dropped = false;
    try {
      const bot = await spawnBot(doomed.url);
      expect(await waitForStatus(`${bot.url}/readyz`, 200)).toEqual({ status: 'ready' });
      await doomed.drop();
      dropped = true;
      expect(await waitForStatus(`${bot.url}/readyz`, 503)).toEqual({
        status: 'unusable',
        reason: 'the state DB (PostgreSQL) cannot be reached',
      });
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      // The metrics say so too, for a scraper that alerts on it.
      expect(await (await fetch(`${bot.url}/metrics`)).text()).toMatch(/^exec_stats_ready 0$/m);
      await waitForOutput(bot, (out) => out.includes('cannot be reached; /readyz answers 503'));
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      if (!dropped) await doomed.drop();
    }
  });

  it('does not start on a database it cannot reach, nor on an unsupported URL', async () => {
    const unreachable = await spawnBot(`postgres://postgres:${PASSWORD}@127.0.0.1:1/none`);
    expect(await unreachable.exited).toBe(1);
    expect(unreachable.stdout()).toMatch(
      /cannot open the state DB \(PostgreSQL\): .*check EXEC_STATS_DB/,
    );
    expect(unreachable.stdout() + unreachable.stderr()).not.toContain(PASSWORD);

    const mysql = await spawnBot('mysql://bot@127.0.0.1:3306/exec_stats');
    expect(await mysql.exited).toBe(1);
    expect(mysql.stderr()).toMatch(/EXEC_STATS_DB: mysql: is not a supported database/);
  });
});
