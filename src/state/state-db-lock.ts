import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** Where the lock of the state DB at `path` lives: a small SQLite file beside it. */
export function lockPathOf(path: string): string {
  return `${path}.lock`;
}

/** Another process holds the state DB: the message names the file and what to do instead. */
export class StateDbInUseError extends Error {
  constructor(readonly path: string) {
    super(
      `the state DB ${path} is in use by another exec-stats process (lock ${lockPathOf(path)}): ` +
        'one bot process per SQLite file. Stop the other process first (a rolling deploy must ' +
        'stop the old bot before starting the new one); to run several replicas, use PostgreSQL ' +
        'instead of a SQLite file',
    );
    this.name = 'StateDbInUseError';
  }
}

export interface StateDbLock {
  readonly lockPath: string;
  /** Lets another process take the file; closing the process does the same. */
  release(): void;
}

/**
 * Makes this process the one writer of the state DB at `path`, or throws StateDbInUseError at
 * once. The lock is SQLite's own: an exclusive lock on the companion file `<path>.lock`, held by a
 * connection in `locking_mode = EXCLUSIVE` until it closes. It is a POSIX record lock, which the OS
 * drops when the process ends however it ends (SIGKILL, OOM, a crash), so a killed bot never blocks
 * its own restart, and nothing goes stale as a PID file would. A separate file, because the state DB
 * is in WAL mode and must stay readable by other connections (sqlite3 for a look, backups).
 * `:memory:` and `''` (a private temporary DB) need no lock.
 */
export function lockStateDb(path: string): StateDbLock {
  const lockPath = lockPathOf(path);
  if (path === ':memory:' || path === '') return { lockPath, release: () => {} };
  mkdirSync(dirname(path), { recursive: true });
  const lock = new BetterSqlite3(lockPath, { timeout: 0 });
  try {
    lock.pragma('journal_mode = DELETE');
    lock.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this locking mode it is kept after COMMIT.
    lock.exec('BEGIN EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    lock.exec('DELETE FROM holder');
    lock.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    lock.exec('COMMIT');
  } catch (error) {
    lock.close();
    if (isBusy(error)) throw new StateDbInUseError(path);
    throw error;
  }
  return {
    lockPath,
    release: () => {
      if (lock.open) lock.close();
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
