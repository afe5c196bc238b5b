import type pg from 'pg';
import { OWNER_NAMESPACE } from './locks.js';
import { createPgClient } from './pool.js';

/**
 * Which owners (the random id a process uses for its claims) are alive, across replicas. Each
 * process keeps one connection of its own holding a session advisory lock per owner id it uses;
 * PostgreSQL drops the locks when that connection ends, whether the process stopped, crashed or was
 * killed, so "the lock is held" means "that process is still there". No heartbeat, no clock.
 */
export interface OwnerPresence {
  /** Holds the owner's lock (once per owner) before the owner's first claim is written. */
  register(owner: string): Promise<void>;
  /** This process's presence connection (its backend pid), to tell its own owners from others'. */
  readonly pid: () => number | null;
  close(): Promise<void>;
}

export function createOwnerPresence(url: string, onError: (error: Error) => void): OwnerPresence {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let backendPid: number | null = null;
  const held = new Map<string, Promise<void>>();

  const connect = (): Promise<pg.Client> => {
    if (client !== null) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = createPgClient(url);
      c.on('error', (error) => {
        // The locks went with the connection: register again on the next claim.
        onError(error);
        if (client === c) {
          client = null;
          backendPid = null;
          held.clear();
        }
      });
      try {
        await c.connect();
        const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        backendPid = rows[0]?.pid ?? null;
        client = c;
        return c;
      } catch (error) {
        await c.end().catch(() => {});
        throw error;
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  };

  return {
    async register(owner) {
      let pending = held.get(owner);
      if (pending === undefined) {
        pending = (async () => {
          const c = await connect();
          await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [OWNER_NAMESPACE, owner]);
        })();
        held.set(owner, pending);
        pending.catch(() => held.delete(owner));
      }
      await pending;
    },
    pid: () => backendPid,
    async close() {
      const c = client ?? (connecting === null ? null : await connecting.catch(() => null));
      client = null;
      backendPid = null;
      held.clear();
      await c?.end().catch(() => {});
    },
  };
}

/**
 * SQL (for a WHERE or a SELECT list) that is true when `$n` (an owner id) is held by a live process
 * other than the one whose presence connection has backend pid `$m`: another replica's claim, to
 * be left alone. Not held at all: that process has gone, and its work may be taken over.
 */
export function ownerAliveElsewhereSql(ownerParam: string, pidParam: string): string {
  return `EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 2
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND classid = (${OWNER_NAMESPACE})::oid AND objid = (hashtext(${ownerParam}))::oid
      AND pid IS DISTINCT FROM ${pidParam}::int
  )`;
}
