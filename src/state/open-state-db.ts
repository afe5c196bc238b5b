import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

export type { Database } from 'better-sqlite3';

/** How long a statement waits for another connection's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating it and its directory on first start) the SQLite state DB at `path` and brings
 * its schema up to date. WAL lets readers run beside the writer and survives a crash without a
 * half-written page; `synchronous = NORMAL` is durable across process crashes in WAL mode (only
 * an OS crash may lose the last commits), which is the failure the bot guards against.
 * One bot process per DB file: the claims and the post ledger assume it, and main.ts takes
 * state-db-lock.ts's lock before opening (see docs/operations.md, "Known limits").
 */
export function openStateDb(path: string, migrations = MIGRATIONS): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
