import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgHealth } from '../../../src/state/postgres/health.js';
import { migratePostgres } from '../../../src/state/postgres/migrate.js';
import { PG_MIGRATIONS, type PgMigration } from '../../../src/state/postgres/migrations.js';
import {
  openPostgresState,
  type PostgresState,
} from '../../../src/state/postgres/open-postgres-state.js';
import { createPgClient, createPgPool } from '../../../src/state/postgres/pool.js';
import { killPresence, testDatabase } from './backends.js';

const at = Date.parse('2026-11-28T09:00:00Z');

/**
 * Several processes on one PostgreSQL database: each "replica" here is a state opened on its own
 * pool and presence connection, as a process opens it. PostgreSQL unreachable: these fail.
 */
describe('replicas on one PostgreSQL database', () => {
  const database = testDatabase('replicas');
  beforeAll(database.setup);
  afterAll(database.teardown);

  const open = async () => openPostgresState((await database.get()).url);

  it('gives each digest run to one replica when two claim it at the same moment', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    try {
      const runs = Array.from({ length: 40 }, (_, i) => ({ digest: `d${i}`, scheduledAt: at }));
      const outcomes = await Promise.all(
        runs.flatMap((run) => [
          a.stores.digests.claimRun(run, 'replica-a', 1),
          b.stores.digests.claimRun(run, 'replica-b', 1),
        ]),
      );
      for (let i = 0; i < runs.length; i += 1) {
        const pair = [outcomes[2 * i], outcomes[2 * i + 1]].sort();
        expect(pair).toEqual(['busy', 'claimed']);
      }
      // Asked again while both live, neither takes the other's run.
      const again = await Promise.all(
        runs.map((run) => b.stores.digests.claimRun(run, 'replica-b', 2)),
      );
      expect(again.every((o) => o === 'busy')).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('lets a live replica resume the unfinished run of one that stopped, or was killed', async () => {
    const run = { digest: 'ops', scheduledAt: at };
    const killed = { digest: 'ops-killed', scheduledAt: at };
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    let closed: PostgresState[] = [];
    try {
      expect(await a.stores.digests.claimRun(run, 'replica-a', 1)).toBe('claimed');
      expect(await b.stores.digests.claimRun(run, 'replica-b', 2)).toBe('busy');
      await a.close();
      closed = [a];
      expect(await b.stores.digests.claimRun(run, 'replica-b', 3)).toBe('resumed');
      expect(await c.stores.digests.claimRun(run, 'replica-c', 4)).toBe('busy');

      // SIGKILL: the process never says goodbye; PostgreSQL ends its connections' sessions.
      expect(await c.stores.digests.claimRun(killed, 'replica-c', 5)).toBe('claimed');
      await killPresence((await database.get()).url, 'replica-c');
      await expect
        .poll(() => b.stores.digests.claimRun(killed, 'replica-b', 6), { timeout: 5_000 })
        .toBe('resumed');
    } finally {
      await Promise.all([b, c, a].filter((s) => !closed.includes(s)).map((s) => s.close()));
    }
  });

  it('lists the runs a stopped or killed replica claimed as orphans, for a live one to finish', async () => {
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    const closed: PostgresState[] = [];
    const stopped = { digest: 'orphan-stopped', scheduledAt: at };
    const killed = { digest: 'orphan-killed', scheduledAt: at + 1 };
    const old = { digest: 'orphan-old', scheduledAt: at - 10 * 86_400_000 };
    // This file's database is shared by its tests: only this test's runs.
    const orphans = async (s: PostgresState, since: number) =>
      (await s.stores.digests.orphanedRuns(since)).filter((r) => r.digest.startsWith('orphan-'));
    try {
      expect(await a.stores.digests.claimRun(stopped, 'orphan-a', 1)).toBe('claimed');
      expect(await a.stores.digests.claimRun(old, 'orphan-a', 1)).toBe('claimed');
      expect(await c.stores.digests.claimRun(killed, 'orphan-c', 1)).toBe('claimed');
      // All owners alive: no orphans, whoever asks (the claiming replica included).
      for (const s of [a, b, c]) expect(await orphans(s, 0)).toEqual([]);

      await a.close();
      closed.push(a);
      expect(await orphans(b, at - 86_400_000)).toEqual([stopped]);

      await killPresence((await database.get()).url, 'orphan-c');
      await expect
        .poll(() => orphans(b, at - 86_400_000), { timeout: 5_000 })
        .toEqual([stopped, killed]);

      // B finishes them through the claim: resumed, and no longer orphans (B is alive).
      expect(await b.stores.digests.claimRun(stopped, 'orphan-b', 2)).toBe('resumed');
      expect(await b.stores.digests.claimRun(killed, 'orphan-b', 2)).toBe('resumed');
      expect(await orphans(b, at - 86_400_000)).toEqual([]);
      expect(await orphans(b, 0)).toEqual([old]);
    } finally {
      await Promise.all([a, b, c].filter((s) => !closed.includes(s)).map((s) => s.close()));
    }
  });

  it('leaves a post under way on a live replica to it, and finishes a gone replica’s', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    let aClosed = false;
    try {
      const recorded = await a.stores.ledger.record('digest:ops:1', 'C1', 'replica-a', 1);
      expect(await a.stores.ledger.beginPosting('digest:ops:1', 'replica-a', recorded, 2)).toBe(
        true,
      );
      // B sees a post under way on A, which lives: not an unclear answer to take over.
      const seen = await b.stores.ledger.record('digest:ops:1', 'C1', 'replica-b', 3);
      expect(seen).toMatchObject({ state: 'posting', owner: 'replica-a' });
      expect(await b.stores.ledger.beginPosting('digest:ops:1', 'replica-b', seen, 4)).toBe(false);
      // A itself may look its own unclear post up and post again (post-once's own retry).
      expect(await a.stores.ledger.beginPosting('digest:ops:1', 'replica-a', seen, 5)).toBe(true);

      await a.close();
      aClosed = true;
      const left = await b.stores.ledger.record('digest:ops:1', 'C1', 'replica-b', 6);
      expect(await b.stores.ledger.beginPosting('digest:ops:1', 'replica-b', left, 7)).toBe(true);
      expect(await b.stores.ledger.record('digest:ops:1', 'C1', 'replica-b', 8)).toMatchObject({
        state: 'posting',
        owner: 'replica-b',
      });
    } finally {
      await Promise.all([b.close(), aClosed ? Promise.resolve() : a.close()]);
    }
  });

  it('shares subscriptions, the outbox and the post ledger between replicas', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    try {
      await a.stores.digests.addSubscription({
        name: 'daily',
        channel: 'C9',
        schedule: '0 9 * * *',
        timezone: 'UTC',
        window: '24h',
        description: 'daily',
        createdBy: 'U1',
        createdAt: 1,
      });
      expect((await b.stores.digests.listSubscriptions('C9')).map((s) => s.name)).toEqual([
        'daily',
      ]);
      const seen = await a.stores.ledger.record('post-1', 'C9', 'replica-a', 1);
      expect(await b.stores.ledger.record('post-1', 'C9', 'replica-b', 2)).toEqual(seen);
      const wins = await Promise.all([
        a.stores.ledger.beginPosting('post-1', 'replica-a', seen, 3),
        b.stores.ledger.beginPosting('post-1', 'replica-b', seen, 3),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('PostgreSQL migrations', () => {
  const database = testDatabase('migrate');
  const pools: pg.Pool[] = [];
  beforeAll(database.setup);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database.teardown();
  });
  let url = '';
  beforeEach(async () => {
    url = (await database.get()).url;
  });
  const pool = () => {
    const created = createPgPool(url, () => {});
    pools.push(created);
    return created;
  };
  const versions = async () =>
    (
      await pool().query<{ version: number }>(
        'SELECT version FROM exec_stats_schema_migrations ORDER BY version',
      )
    ).rows.map((r) => r.version);

  it('applies each step once when replicas start together', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => migratePostgres(pool())));
    expect(results.flat().sort()).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    expect(await versions()).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(await migratePostgres(pool())).toEqual([]);
  });

  it('rolls back a failing step with everything it did, and refuses a newer schema or a gap', async () => {
    const broken: PgMigration = {
      version: PG_MIGRATIONS.length + 1,
      name: 'broken',
      sql: 'CREATE TABLE half (x INTEGER); SELECT no_such_function();',
    };
    await expect(migratePostgres(pool(), [...PG_MIGRATIONS, broken])).rejects.toThrow(
      /no_such_function/,
    );
    expect(await versions()).toEqual(PG_MIGRATIONS.map((m) => m.version));
    const half = await pool().query("SELECT to_regclass('half') AS t");
    expect(half.rows[0]?.t).toBeNull();

    const next: PgMigration = { ...broken, name: 'next', sql: 'CREATE TABLE later (x INTEGER)' };
    expect(await migratePostgres(pool(), [...PG_MIGRATIONS, next])).toEqual([next.version]);
    await expect(migratePostgres(pool(), PG_MIGRATIONS)).rejects.toThrow(/newer than this bot/);
    const gap: PgMigration = { ...next, version: next.version + 5 };
    await expect(migratePostgres(pool(), [...PG_MIGRATIONS, gap])).rejects.toThrow(
      new RegExp(`expected ${next.version}`),
    );
  });
});

describe('PostgreSQL readiness', () => {
  const database = testDatabase('health');
  beforeAll(database.setup);
  afterAll(database.teardown);

  it('is ready while SELECT 1 answers, and reuses the answer for the cache period', async () => {
    const p = createPgPool((await database.get()).url, () => {});
    let now = 0;
    let queries = 0;
    const counting = {
      query: (sql: string) => {
        queries += 1;
        return p.query(sql);
      },
    } as pg.Pool;
    const health = createPgHealth(counting, { now: () => now, cacheMs: 2_000 });
    try {
      expect(await health.refresh()).toEqual({ status: 'ready' });
      now = 1_000;
      expect(health.check()).toEqual({ status: 'ready' });
      expect(queries).toBe(1);
      now = 2_000;
      health.check();
      expect(queries).toBe(2);
    } finally {
      await p.end();
    }
  });

  it('is unusable (503) when PostgreSQL cannot be reached, and says so once', async () => {
    // Port 1 on loopback: nothing listens there.
    const p = createPgPool('postgres://postgres@127.0.0.1:1/none', () => {}, {
      connectionTimeoutMillis: 500,
    });
    const changes: boolean[] = [];
    const health = createPgHealth(p, { timeoutMs: 500, onChange: (up) => changes.push(up) });
    try {
      const answer = await health.refresh();
      expect(answer.status).toBe('unusable');
      await health.refresh();
      expect(changes).toEqual([false]);
    } finally {
      await p.end();
    }
  });

  it('asks the server to notice a vanished host, and bounds every pooled statement', async () => {
    const { url } = await database.get();
    const presence = createPgClient(url);
    await presence.connect();
    const pooled = createPgPool(url, () => {});
    try {
      const show = async (c: pg.Client | pg.Pool, name: string) =>
        (await c.query(`SHOW ${name}`)).rows[0]?.[name];
      expect(await show(presence, 'tcp_keepalives_idle')).toBe('10');
      expect(await show(presence, 'tcp_keepalives_interval')).toBe('5');
      expect(await show(presence, 'tcp_keepalives_count')).toBe('3');
      expect(await show(pooled, 'statement_timeout')).toBe('30s');
    } finally {
      await presence.end();
      await pooled.end();
    }
  });

  it('refuses to open a state DB it cannot reach, leaving nothing open', async () => {
    await expect(
      openPostgresState('postgres://postgres@127.0.0.1:1/none', {
        pool: { connectionTimeoutMillis: 500 },
      }),
    ).rejects.toThrow();
  });
});
