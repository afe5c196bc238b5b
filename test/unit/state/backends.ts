import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { alwaysHeldLease } from '../../../src/alerts/lease.js';
import { type Database, openStateDb } from '../../../src/state/open-state-db.js';
import {
  openPostgresState,
  type PostgresState,
} from '../../../src/state/postgres/open-postgres-state.js';
import { createSqliteAlertStore } from '../../../src/state/sqlite-alert-store.js';
import { createSqliteDigestStore } from '../../../src/state/sqlite-digest-store.js';
import { createSqlitePostLedger } from '../../../src/state/sqlite-post-ledger.js';
import { createSqliteRuleStore } from '../../../src/state/sqlite-rule-store.js';
import type { StateStores } from '../../../src/state/state-stores.js';
import { tempDbPath } from './temp-db.js';

/**
 * The state DBs the store contracts run on. A contract test gets a fresh, empty state DB
 * (`fresh`), opens its stores (`open`, again after `close` to check what survived), and
 * `dispose` removes it.
 */
export interface ContractBackend {
  readonly name: string;
  /** Once per test file (PostgreSQL: creates the file's own database). */
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): Promise<ContractDb>;
}

export interface ContractDb {
  /** Opens the stores on this DB; `now` stamps the alert store's rows. */
  open(now?: () => number): Promise<StateStores>;
  /** Closes what `open` opened (the data stays). */
  close(): Promise<void>;
  /** Closes and removes this DB's data. */
  dispose(): Promise<void>;
  /**
   * The rule state rows (rules' own and their subjects') last written at `at` (their updated_at),
   * and the bytes of JSON they hold: what a save stamped `at` wrote. Needs the stores open.
   */
  writtenAt(at: number): Promise<{ rows: number; bytes: number }>;
}

/** The rows of both rule state tables last written at one instant (? or $1), and their bytes. */
const writtenAtSql = (param: string, bytes: string) => `
  SELECT count(*) AS rows, coalesce(sum(${bytes}), 0) AS bytes FROM (
    SELECT state FROM alert_rule_states WHERE updated_at = ${param}
    UNION ALL SELECT state FROM alert_subject_states WHERE updated_at = ${param}) AS w`;

export const sqliteBackend: ContractBackend = {
  name: 'SQLite',
  setup: async () => {},
  teardown: async () => {},
  async fresh() {
    const temp = tempDbPath();
    let db: Database | null = null;
    const close = async () => {
      db?.close();
      db = null;
    };
    return {
      async open(now) {
        await close();
        const opened = openStateDb(temp.path);
        db = opened;
        return {
          digests: createSqliteDigestStore(opened),
          alerts: createSqliteAlertStore(opened, now),
          ledger: createSqlitePostLedger(opened),
          alertLease: alwaysHeldLease(),
          rules: createSqliteRuleStore(opened),
        };
      },
      close,
      async dispose() {
        await close();
        temp.cleanup();
      },
      async writtenAt(at) {
        if (db === null) throw new Error('writtenAt: the stores are not open');
        const sql = writtenAtSql('@at', 'length(CAST(state AS BLOB))');
        const row = db.prepare<{ at: number }, { rows: number; bytes: number }>(sql).get({ at });
        return { rows: row?.rows ?? 0, bytes: row?.bytes ?? 0 };
      },
    };
  },
};

/**
 * The PostgreSQL the tests run against: 127.0.0.1:5432, trust auth (EXEC_STATS_TEST_PG_URL
 * overrides the maintenance URL). Unreachable: the tests fail, they are never skipped.
 */
const ADMIN_URLS = process.env.EXEC_STATS_TEST_PG_URL
  ? [process.env.EXEC_STATS_TEST_PG_URL]
  : ['postgres://postgres@127.0.0.1:5432/postgres', 'postgres://root@127.0.0.1:5432/postgres'];

async function admin(): Promise<pg.Client> {
  let lastError: unknown;
  for (const url of ADMIN_URLS) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
    }
  }
  throw new Error(
    `PostgreSQL is not reachable at 127.0.0.1:5432 (tried ${ADMIN_URLS.join(', ')}): start it, or set EXEC_STATS_TEST_PG_URL; these tests need it (${String(lastError)})`,
  );
}

/** A database of its own for one test file: a unique name, dropped by `drop`. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `exec_stats_test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = await admin();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${client.user}@${client.host}:${client.port}/${name}`,
    async drop() {
      const c = await admin();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

const TABLES = [
  'digest_subscriptions',
  'digest_first_seen',
  'digest_runs',
  'digest_changes',
  'post_ledger',
  'alert_rule_states',
  'alert_outbox',
  'alert_incident_messages',
  'alert_api_health',
  'alert_subject_states',
  'alert_rules',
  'alert_rule_changes',
];

/**
 * A test file's own database, created in `beforeAll` (`setup`) and dropped in `afterAll`
 * (`teardown`). When it cannot be created, `get` throws in every test, so each test FAILS with
 * the reason (a failing beforeAll would only mark them skipped).
 */
export function testDatabase(label: string) {
  let pending: Promise<TestDatabase> | null = null;
  return {
    async setup() {
      pending = createTestDatabase(label);
      pending.catch(() => {});
    },
    async get(): Promise<TestDatabase> {
      if (pending === null) throw new Error('testDatabase: setup() has not run');
      return pending;
    },
    async teardown() {
      const database = await pending?.catch(() => null);
      pending = null;
      await database?.drop();
    },
  };
}

/** PostgreSQL: one database per test file, emptied for each test. */
export function postgresBackend(label: string): ContractBackend {
  const database = testDatabase(label);
  return {
    name: 'PostgreSQL',
    setup: database.setup,
    teardown: database.teardown,
    async fresh() {
      const { url } = await database.get();
      let state: PostgresState | null = null;
      const close = async () => {
        await state?.close();
        state = null;
      };
      const empty = await openPostgresState(url);
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      await pool.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`);
      await pool.end();
      await empty.close();
      return {
        async open(now) {
          await close();
          state = await openPostgresState(url, { alertClock: now });
          return state.stores;
        },
        close,
        dispose: close,
        async writtenAt(at) {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            const { rows } = await client.query<{ rows: string; bytes: string }>(
              writtenAtSql('$1', 'octet_length(state)'),
              [at],
            );
            return { rows: Number(rows[0]?.rows ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/**
 * Ends, as a SIGKILL of its process would, the presence session that says `owner` is alive
 * (src/state/postgres/presence.ts): PostgreSQL drops its advisory lock, so the owner counts as gone.
 */
export async function killPresence(url: string, owner: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'exec-stats presence'
         AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory'
                     AND objid = (hashtext($1))::oid)`,
      [owner],
    );
  } finally {
    await admin.end();
  }
}
