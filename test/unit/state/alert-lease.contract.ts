import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertLease } from '../../../src/alerts/lease.js';
import { openStateDb } from '../../../src/state/open-state-db.js';
import { LEASE_APPLICATION_NAME } from '../../../src/state/postgres/alert-lease.js';
import { openPostgresState } from '../../../src/state/postgres/open-postgres-state.js';
import { sqliteStores } from '../../../src/state/state-stores.js';
import { testDatabase } from './backends.js';
import { tempDbPath } from './temp-db.js';

/** A replica's view of the alert lease, with the clock its fence reads. */
export interface LeaseReplica {
  readonly lease: AlertLease;
  /** Ends the replica as SIGKILL does (PostgreSQL: its lease connection's backend terminated). */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export interface LeaseBackend {
  readonly name: string;
  /** Several processes may share the DB (PostgreSQL), or one per file (SQLite). */
  readonly replicas: boolean;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A new replica on this file's DB; `clock` is its monotonic clock, `validForMs` its fence. */
  replica(clock: () => number, validForMs: number): Promise<LeaseReplica>;
}

export const sqliteLeaseBackend: LeaseBackend = {
  name: 'SQLite',
  replicas: false,
  setup: async () => {},
  teardown: async () => {},
  async replica() {
    const temp = tempDbPath();
    const db = openStateDb(temp.path);
    const close = async () => {
      db.close();
      temp.cleanup();
    };
    return { lease: sqliteStores(db).alertLease, kill: close, close };
  },
};

export function postgresLeaseBackend(label: string): LeaseBackend {
  const database = testDatabase(label);
  return {
    name: 'PostgreSQL',
    replicas: true,
    setup: database.setup,
    teardown: database.teardown,
    async replica(clock, validForMs) {
      const { url } = await database.get();
      const state = await openPostgresState(url, { alertLease: { clock, validForMs } });
      return {
        lease: state.stores.alertLease,
        async kill() {
          // Which backend holds the lease, if it is this replica's: terminate that one only.
          const admin = new pg.Client({ connectionString: url });
          await admin.connect();
          try {
            await admin.query(
              `SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a
               JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted
                 AND l.objsubid = 2 AND l.objid = 2
               WHERE a.datname = current_database() AND a.application_name = $1`,
              [LEASE_APPLICATION_NAME],
            );
          } finally {
            await admin.end();
          }
        },
        close: () => state.close(),
      };
    },
  };
}

/** What every alert lease must do (src/alerts/lease.ts), whichever database holds it. */
export function alertLeaseContract(backend: LeaseBackend): void {
  describe(`the ${backend.name} alert lease`, () => {
    let now = 0;
    const clock = () => now;
    let open: LeaseReplica[] = [];
    const replica = async (validForMs = 10_000) => {
      const r = await backend.replica(clock, validForMs);
      open.push(r);
      return r;
    };
    // Contention and takeover only mean something where several processes share the DB.
    const onReplicas = (name: string, test: () => Promise<void>) => {
      if (backend.replicas) it(name, test);
    };
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    afterEach(async () => {
      await Promise.all(open.map((r) => r.close()));
      open = [];
      now = 0;
    });

    it('is taken by a lone replica, renewed, and given up at release', async () => {
      const a = await replica();
      expect(await a.lease.acquire()).toBe(true);
      expect(a.lease.held()).toBe(true);
      now += 5_000;
      expect(await a.lease.acquire()).toBe(true);
      expect(a.lease.held()).toBe(true);
      await a.lease.release();
      if (backend.replicas) expect(a.lease.held()).toBe(false);
    });

    onReplicas(
      'goes to exactly one of several replicas asking at the same moment, and stays there',
      async () => {
        const replicas = await Promise.all([1, 2, 3, 4, 5].map(() => replica()));
        const first = await Promise.all(replicas.map((r) => r.lease.acquire()));
        expect(first.filter(Boolean)).toHaveLength(1);
        const holder = first.indexOf(true);
        for (let round = 0; round < 3; round += 1) {
          now += 5_000;
          const again = await Promise.all(replicas.map((r) => r.lease.acquire()));
          expect(again.indexOf(true)).toBe(holder);
          expect(again.filter(Boolean)).toHaveLength(1);
          expect(replicas.map((r) => r.lease.held())).toEqual(again);
        }
      },
    );

    onReplicas('is taken over at the next try once the holder stops', async () => {
      const a = await replica();
      const b = await replica();
      expect(await a.lease.acquire()).toBe(true);
      expect(await b.lease.acquire()).toBe(false);
      await a.close();
      expect(await b.lease.acquire()).toBe(true);
    });

    onReplicas(
      'is taken over when the holder is killed (its connection ended), and the killed one knows it lost it',
      async () => {
        const a = await replica();
        const b = await replica();
        expect(await a.lease.acquire()).toBe(true);
        expect(await b.lease.acquire()).toBe(false);
        await a.kill();
        // PostgreSQL frees the lock as the backend exits: a few of b's tries at most.
        await expect.poll(() => b.lease.acquire(), { timeout: 5_000, interval: 50 }).toBe(true);
        // The killed holder's next renewal fails (its connection is gone), then it finds b's.
        await a.lease.acquire().catch(() => false);
        expect(await a.lease.acquire()).toBe(false);
        expect(a.lease.held()).toBe(false);
        expect(b.lease.held()).toBe(true);
      },
    );

    onReplicas(
      'fences a holder that could not renew: held() is false once its confirmation is too old',
      async () => {
        const a = await replica(10_000);
        expect(await a.lease.acquire()).toBe(true);
        now += 9_999;
        expect(a.lease.held()).toBe(true);
        now += 1;
        expect(a.lease.held()).toBe(false); // stop writing: it may be about to lose it
        expect(await a.lease.acquire()).toBe(true); // renewed: the session still holds the lock
        expect(a.lease.held()).toBe(true);
      },
    );
  });
}
